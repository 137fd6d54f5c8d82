import { Group, SimpleGrid, Stack } from "@mantine/core";
import { CustomerPanel } from "./CustomerPanel";
import { EscalateControl } from "./EscalateControl";
import { KnowledgePanel } from "./KnowledgePanel";
import { TransferToAgent } from "./TransferToAgent";
import type { Interaction, WorkEntry } from "./types";
import type { Directory } from "./useDirectory";

interface Props {
  entry: WorkEntry;
  interaction: Interaction | undefined;
  directory: Directory;
}

/**
 * What the agent has beside a contact: escalation to the team leader and transfer to a colleague, the
 * customer 360 view and the line's script and knowledge.
 */
export function ContactPanels({ entry, interaction, directory }: Props) {
  return (
    <Stack gap="sm">
      {entry.status === "connected" && (
        <Group gap="md" align="flex-end">
          <EscalateControl interactionId={entry.interactionId} />
          <TransferToAgent interactionId={entry.interactionId} />
        </Group>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <CustomerPanel interactionId={entry.interactionId} directory={directory} />
        <KnowledgePanel tenantId={interaction?.tenantId} />
      </SimpleGrid>
    </Stack>
  );
}
