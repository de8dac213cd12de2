import { Box, Flex, Typography } from '@strapi/design-system';

type Props = {
  title: string;
  children: React.ReactNode;
  testId?: string;
  /** Beside the title, on the right. */ action?: React.ReactNode;
};

/** A white panel with a title, as the admin's home, batches and reports lay them out. */
export const Card = ({ title, children, testId, action }: Props) => (
  <Box
    background="neutral0"
    hasRadius
    shadow="tableShadow"
    padding={6}
    width="100%"
    height="100%"
    data-testid={testId}
  >
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="center" gap={4}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {action}
      </Flex>
      {children}
    </Flex>
  </Box>
);
