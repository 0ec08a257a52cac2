import { Foundation1764000000000 } from './1764000000000-Foundation';
import { AuditLog1764000100000 } from './1764000100000-AuditLog';
import { Feedback1764000300300 } from './1764000300300-Feedback';
import { Signals1764000350000 } from './1764000350000-Signals';
import { Health1764000400000 } from './1764000400000-Health';
import { RiskClv1764000611000 } from './1764000611000-RiskClv';
import { CsCosts1764000620000 } from './1764000620000-CsCosts';
import { SignalDailyNoFk1764000900350 } from './1764000900350-SignalDailyNoFk';
import { Playbooks1764000710700 } from './1764000710700-Playbooks';
import { JobRuns1764000950400 } from './1764000950400-JobRuns';
import { HealthComponentsJson1764001000000 } from './1764001000000-HealthComponentsJson';
import { ReadModelChanges1764001100000 } from './1764001100000-ReadModelChanges';
import { PartitionCreateRace1764001200000 } from './1764001200000-PartitionCreateRace';
import { WebWorkspace1764002105000 } from './1764002105000-WebWorkspace';
import { Sources1764002200000 } from './1764002200000-Sources';
import { SignIn1764002300000 } from './1764002300000-SignIn';
import { Segment1764002400000 } from './1764002400000-Segment';
import { StripeConnector1764002450000 } from './1764002450000-StripeConnector';
import { AccountRiskNote1764002500000 } from './1764002500000-AccountRiskNote';
import { HealthHistoryDay1764002600000 } from './1764002600000-HealthHistoryDay';

/** Every migration, in order. New migrations are appended here (and generated into this folder). */
export const MIGRATIONS = [
  Foundation1764000000000,
  AuditLog1764000100000,
  Feedback1764000300300,
  Signals1764000350000,
  Health1764000400000,
  RiskClv1764000611000,
  CsCosts1764000620000,
  Playbooks1764000710700,
  SignalDailyNoFk1764000900350,
  JobRuns1764000950400,
  HealthComponentsJson1764001000000,
  ReadModelChanges1764001100000,
  PartitionCreateRace1764001200000,
  WebWorkspace1764002105000,
  Sources1764002200000,
  SignIn1764002300000,
  Segment1764002400000,
  StripeConnector1764002450000,
  AccountRiskNote1764002500000,
  HealthHistoryDay1764002600000,
];
