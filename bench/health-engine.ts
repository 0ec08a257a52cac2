import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource } from 'typeorm';
import { HealthComputer } from '../src/modules/health/health-computer.service';
import { HealthRecomputer } from '../src/modules/health/health-recompute.service';
import { ScorecardsService } from '../src/modules/health/scorecards.service';

/** The health services a benchmark needs, wired by hand over a DataSource (no Nest application). */
export function healthEngine(db: DataSource) {
  const events = new EventEmitter2();
  const scorecards = new ScorecardsService(db, events);
  const computer = new HealthComputer(db, scorecards);
  const recomputer = new HealthRecomputer(db, events, scorecards, computer);
  return { scorecards, computer, recomputer };
}
