import { Box, Typography } from '@strapi/design-system';

/** Plain text as it was written, line breaks kept: a letter, a call script, a text e-mail. */
export const TextPreview = ({ text, testId }: { text: string; testId?: string }) => (
  <Box padding={4} background="neutral100" hasRadius data-testid={testId}>
    <Typography tag="pre" style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </Typography>
  </Box>
);
