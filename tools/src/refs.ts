import { Ref } from "@ustbites/contracts";

/**
 * An id argument as the model writes it: the short handle a tool result showed (`i3`, `l1`, `r2`, an
 * order's short id). The agent maps it back to the UUID before the tool runs, and refuses ids that no
 * result in the conversation showed; the service still validates what reaches it.
 */
export const modelRef = (description: string) => Ref.max(64).describe(description);
