import { Alert, Box, Button, CopyButton, Group, Modal, Stack, TextInput } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The new screen's address, shown once: the API keeps only a hash of the token, so after this
 * dialog closes nobody can read it again. Copy it, or scan the QR code with the screen's device.
 */
export function DisplayCreatedModal({
  name,
  token,
  onClose,
}: {
  name: string;
  token: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const url = `${window.location.origin}/display?token=${encodeURIComponent(token)}`;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void QRCode.toString(url, { type: 'svg', margin: 1 }).then((markup) => {
      if (current) setSvg(markup);
    });
    return () => {
      current = false;
    };
  }, [url]);

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('clinicSettings.displays.shownTitle', { name })}
      closeButtonProps={{ 'aria-label': t('clinicSettings.close') }}
      closeOnClickOutside={false}
      centered
      size="lg"
    >
      <Stack>
        <Alert color="yellow" c="dark" role="alert">
          {t('clinicSettings.displays.shownOnce')}
        </Alert>
        <Group align="flex-end" wrap="nowrap" gap="xs">
          <TextInput
            label={t('clinicSettings.displays.url')}
            value={url}
            readOnly
            onFocus={(event) => event.currentTarget.select()}
            style={{ flexGrow: 1 }}
          />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'light' : 'filled'} onClick={copy}>
                {copied ? t('clinicSettings.displays.copied') : t('clinicSettings.displays.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        {svg && (
          <Box
            role="img"
            aria-label={t('clinicSettings.displays.qr')}
            w={240}
            h={240}
            mx="auto"
            // The SVG is qrcode's own output from our URL: no user markup goes in.
            dangerouslySetInnerHTML={{ __html: svg }}
          />
        )}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('clinicSettings.displays.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
