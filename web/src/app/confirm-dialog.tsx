import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { ProblemAlert } from './problem-alert';

/**
 * Asks before a step that cannot be undone: closing it (its × or `keep`) changes nothing; the
 * red button runs the step, whose refusal is shown in the dialog.
 */
export function ConfirmDialog({
  title,
  body,
  keep,
  confirm,
  error,
  pending,
  centered,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  /** The button (and the ×'s name) that backs out. */
  keep: string;
  confirm: string;
  error: unknown;
  pending: boolean;
  centered?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': keep }}
      centered={centered}
    >
      <Stack>
        <Text>{body}</Text>
        {error ? <ProblemAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {keep}
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
