import { Alert, Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One part of the profile, saved on its own: a card titled for screen readers' landmarks. */
export function ProfileSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** That a section was saved: announced by screen readers, and gone once the user edits again. */
export function SavedNotice({ children }: { children: ReactNode }) {
  return (
    <Alert color="green" role="status">
      {children}
    </Alert>
  );
}
