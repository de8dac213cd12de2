import { Box } from '@strapi/design-system';

/** Rendered e-mail HTML, isolated: a sandboxed frame runs no script and reaches nothing. */
export const HtmlPreview = ({ html, title }: { html: string; title: string }) => (
  <Box
    background="neutral0"
    hasRadius
    borderColor="neutral200"
    borderStyle="solid"
    borderWidth="1px"
    overflow="hidden"
  >
    <iframe
      title={title}
      sandbox=""
      srcDoc={html}
      style={{ border: 0, width: '100%', height: 360 }}
    />
  </Box>
);
