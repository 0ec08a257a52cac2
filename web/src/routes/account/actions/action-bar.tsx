import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CsatDialog, NoteDialog, NpsDialog } from './feedback-dialogs';
import { ChurnReasonDialog, CreateTaskDialog, TriggerPlaybookDialog } from './work-dialogs';

const ACTIONS = {
  nps: { label: 'Record NPS', Dialog: NpsDialog },
  csat: { label: 'Record CSAT', Dialog: CsatDialog },
  note: { label: 'Add feedback note', Dialog: NoteDialog },
  playbook: { label: 'Trigger playbook', Dialog: TriggerPlaybookDialog },
  task: { label: 'Create task', Dialog: CreateTaskDialog },
  churn: { label: 'Record churn reason', Dialog: ChurnReasonDialog },
} as const;

type ActionKey = keyof typeof ACTIONS;

/** The account page's actions; each opens a form whose result shows on the page without a reload. */
export function ActionBar({ accountId }: { accountId: string }) {
  const [open, setOpen] = useState<ActionKey | null>(null);
  const Active = open ? ACTIONS[open].Dialog : null;
  return (
    <div role="toolbar" aria-label="Account actions" className="mb-4 flex flex-wrap gap-2">
      {(Object.keys(ACTIONS) as ActionKey[]).map((key) => (
        <Button key={key} variant={key === 'playbook' ? 'primary' : 'secondary'} size="sm" onClick={() => setOpen(key)}>
          {ACTIONS[key].label}
        </Button>
      ))}
      {Active && <Active accountId={accountId} onClose={() => setOpen(null)} />}
    </div>
  );
}
