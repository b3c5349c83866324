import { Container, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page that is one form (sign-in, sign-up, a code): its title, a line on why, the form. */
export function FormPage({
  title,
  intro,
  width = 420,
  children,
}: {
  title: string;
  intro?: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Container size={width} py="xl">
      <Title order={1} size="h2">
        {title}
      </Title>
      {intro && (
        <Text c="dimmed" mt={4}>
          {intro}
        </Text>
      )}
      <Paper withBorder p="lg" radius="md" mt="lg">
        {children}
      </Paper>
    </Container>
  );
}
