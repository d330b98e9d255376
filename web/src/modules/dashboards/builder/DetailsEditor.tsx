import { useId, useState, type SubmitEvent } from 'react';
import { dashboardLimits } from '../../../../../common/dashboards.ts';
import { Button, Dialog, Input, Textarea } from '../../../lib/ui/index.ts';

export interface DashboardDetails {
  title: string;
  description: string;
}

interface DetailsEditorProps {
  details: DashboardDetails;
  onApply: (details: DashboardDetails) => void;
  onClose: () => void;
}

/** Changes the dashboard's title and description in edit mode; they are saved with the rest of the changes. */
export function DetailsEditor({ details, onApply, onClose }: DetailsEditorProps) {
  const formId = useId();
  const [title, setTitle] = useState(details.title);
  const [description, setDescription] = useState(details.description);
  const [problem, setProblem] = useState<string | undefined>();

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setProblem('Give the dashboard a title.');
      return;
    }
    onApply({ title: title.trim(), description: description.trim() });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="Title and description"
      description="What the dashboard is called and says under its title, for everyone who reads it and on its public link."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId}>
            Apply
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={apply} className="space-y-4">
        <Input
          label="Title"
          value={title}
          maxLength={dashboardLimits.title.max}
          error={problem}
          autoFocus
          onChange={(event) => {
            setTitle(event.target.value);
            setProblem(undefined);
          }}
        />
        <Textarea label="Description" value={description} rows={4} maxLength={dashboardLimits.description.max} onChange={(event) => setDescription(event.target.value)} />
      </form>
    </Dialog>
  );
}
