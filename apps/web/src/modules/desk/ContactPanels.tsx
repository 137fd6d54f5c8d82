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
  /** The note typed beside the transfer controls, sent with a transfer to a colleague too. */
  transferReason?: string;
}

/**
 * What the agent has beside a contact: escalation to the team leader and transfer to a colleague, the
 * customer 360 view and the line's script and knowledge.
 */
export function ContactPanels({ entry, interaction, directory, transferReason }: Props) {
  return (
    <Stack gap="sm">
      {entry.status === "connected" && (
        <Group gap="md" align="flex-end">
          <EscalateControl interactionId={entry.interactionId} />
          <TransferToAgent interactionId={entry.interactionId} reason={transferReason} />
        </Group>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <CustomerPanel interactionId={entry.interactionId} directory={directory} />
        <KnowledgePanel tenantId={interaction?.tenantId} />
      </SimpleGrid>
    </Stack>
  );
}
