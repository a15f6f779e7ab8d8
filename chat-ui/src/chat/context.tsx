import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from "react";
import { refreshAfterAgentTurn } from "../api/queries.ts";
import { useApp } from "../app-context.tsx";
import { createChatController, type ChatController } from "./controller.ts";
import type { ChatState } from "./state.ts";

const ChatContext = createContext<ChatController | null>(null);

/** One conversation controller per signed-in session, kept while the student visits other pages. */
export function ChatControllerProvider({ children }: { children: ReactNode }) {
  const { api, endpoints } = useApp();
  const queryClient = useQueryClient();
  const [controller] = useState(() =>
    createChatController({
      api,
      endpoints,
      onTurnEnd: (events) =>
        refreshAfterAgentTurn(
          queryClient,
          events.flatMap((e) => (e.type === "tool_result" || e.type === "tool_call" ? [e.name] : [])),
        ),
    }),
  );
  return <ChatContext.Provider value={controller}>{children}</ChatContext.Provider>;
}

export function useChatController(): ChatController {
  const controller = useContext(ChatContext);
  if (!controller) throw new Error("useChatController outside <ChatControllerProvider>");
  return controller;
}

export function useChatState(): ChatState {
  const controller = useChatController();
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
