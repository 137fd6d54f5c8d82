import { CustomerPanel } from "./CustomerPanel";
import type { Interaction, WorkEntry } from "./types";
import type { Directory } from "./useDirectory";

interface Props {
  entry: WorkEntry;
  interaction: Interaction | undefined;
  directory: Directory;
}

/** What the agent reads beside a contact: the customer 360 view. */
export function ContactPanels({ entry, directory }: Props) {
  return <CustomerPanel interactionId={entry.interactionId} directory={directory} />;
}
