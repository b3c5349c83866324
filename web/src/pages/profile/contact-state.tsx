import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../../app/status-badge';

/** Whether an e-mail or phone is confirmed, with the way to confirm it when it is not. */
export function ContactState({
  contact,
  verified,
}: {
  contact: 'email' | 'phone';
  verified: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <StatusBadge color={verified ? 'green' : 'gray'}>
        {t(verified ? 'profile.verified' : 'profile.notVerified')}
      </StatusBadge>
      {!verified && (
        <Anchor component={Link} to={`/verify-${contact}?send=1`} size="sm">
          {t(contact === 'email' ? 'profile.verifyEmail' : 'profile.verifyPhone')}
        </Anchor>
      )}
    </Group>
  );
}
