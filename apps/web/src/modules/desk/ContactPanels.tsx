import { SimpleGrid } from "@mantine/core";
import { CustomerPanel } from "./CustomerPanel";
import { KnowledgePanel } from "./KnowledgePanel";
import type { Interaction, WorkEntry } from "./types";
import type { Directory } from "./useDirectory";

interface Props {
  entry: WorkEntry;
  interaction: Interaction | undefined;
  directory: Directory;
}

/** What the agent reads beside a contact: the customer 360 view and the line's script and knowledge. */
export function ContactPanels({ entry, interaction, directory }: Props) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <CustomerPanel interactionId={entry.interactionId} directory={directory} />
      <KnowledgePanel tenantId={interaction?.tenantId} />
    </SimpleGrid>
  );
}
