import {
  ActionBarPrimitive,
  AuiIf,
  ComposerPrimitive,
  ErrorPrimitive,
  MessagePrimitive,
  ThreadPrimitive,
  type EmptyMessagePartComponent,
  useAuiState,
  type TextMessagePartComponent,
} from "@assistant-ui/react";
import { ArrowDown, ArrowUp, Copy, RefreshCw, Square } from "lucide-react";
import { Link } from "react-router";
import { TOOL_UIS, ToolFallback } from "./tool-uis.tsx";

const SUGGESTIONS = [
  { title: "Vegetarian lunch", prompt: "Find vegetarian dishes under HK$60" },
  { title: "What's open now?", prompt: "Which restaurants are open now?" },
  { title: "My cart", prompt: "What's in my cart?" },
  { title: "My orders", prompt: "Show my orders" },
];

const Text: TextMessagePartComponent = ({ text }) => <p className="whitespace-pre-wrap break-words">{text}</p>;

/** While a reply is running with nothing new to show: three dots the height of a line of text. */
const Thinking: EmptyMessagePartComponent = ({ status }) => {
  if (status.type !== "running") return null;
  return (
    <p className="flex h-6 items-center gap-1" role="status" aria-label="The assistant is thinking">
      {[0, 1, 2].map((i) => (
        <span
          key={i}
          aria-hidden="true"
          className="size-1.5 animate-pulse rounded-full bg-stone-500"
          style={{ animationDelay: `${i * 150}ms` }}
        />
      ))}
    </p>
  );
};

const PART_COMPONENTS = { Text, Empty: Thinking, tools: { by_name: TOOL_UIS, Fallback: ToolFallback } };

function UserMessage() {
  return (
    <MessagePrimitive.Root className="flex justify-end py-2" data-role="user">
      <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-700 px-4 py-2 text-white">
        <span className="sr-only">You said: </span>
        <MessagePrimitive.Parts components={{ Text }} />
      </div>
    </MessagePrimitive.Root>
  );
}

/** When the model cannot be reached, ordering still works without it: say where. */
function ClassicAppLink() {
  const code = useAuiState((s) => (s.message.metadata.custom as { errorCode?: string } | undefined)?.errorCode);
  if (code !== "assistant_unavailable") return null;
  return (
    <Link to="/restaurants" className="mt-2 flex min-h-9 items-center font-medium text-brand-700 underline">
      Order from the restaurants instead
    </Link>
  );
}

function AssistantMessage() {
  return (
    <MessagePrimitive.Root className="group py-2" data-role="assistant">
      <div className="max-w-full text-stone-900 sm:max-w-[90%]">
        <span className="sr-only">Assistant: </span>
        <MessagePrimitive.Parts components={PART_COMPONENTS} />
        <MessagePrimitive.Error>
          <ErrorPrimitive.Root
            role="alert"
            className="mt-1 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900"
          >
            <ErrorPrimitive.Message />
            <ClassicAppLink />
          </ErrorPrimitive.Root>
        </MessagePrimitive.Error>
      </div>
      <ActionBarPrimitive.Root hideWhenRunning autohide="not-last" className="mt-1 flex gap-1 text-stone-600">
        <ActionBarPrimitive.Copy
          className="grid size-9 place-items-center rounded-lg hover:bg-stone-200"
          aria-label="Copy reply"
        >
          <Copy aria-hidden="true" className="size-4" />
        </ActionBarPrimitive.Copy>
        <ActionBarPrimitive.Reload
          className="grid size-9 place-items-center rounded-lg hover:bg-stone-200"
          aria-label="Ask again"
        >
          <RefreshCw aria-hidden="true" className="size-4" />
        </ActionBarPrimitive.Reload>
      </ActionBarPrimitive.Root>
    </MessagePrimitive.Root>
  );
}

function Welcome() {
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col items-center gap-4 px-2 pt-10 pb-4 text-center sm:pt-16">
      <h1 className="text-2xl font-semibold tracking-tight">What would you like to eat?</h1>
      <p className="text-stone-700">
        Ask for a dish, a restaurant or a budget. I fill your cart, and nothing is ordered until you approve.
      </p>
      <div className="grid w-full gap-2 sm:grid-cols-2">
        {SUGGESTIONS.map((s) => (
          <ThreadPrimitive.Suggestion
            key={s.prompt}
            prompt={s.prompt}
            send
            className="flex min-h-12 flex-col items-start rounded-xl bg-white px-4 py-2 text-left ring-1 ring-stone-200 hover:bg-stone-100"
          >
            <span className="font-medium">{s.title}</span>
            <span className="text-sm text-stone-700">{s.prompt}</span>
          </ThreadPrimitive.Suggestion>
        ))}
      </div>
    </div>
  );
}

function Composer() {
  return (
    <ComposerPrimitive.Root className="mx-auto flex w-full max-w-3xl items-end gap-2 rounded-2xl bg-white p-2 ring-1 ring-stone-300 focus-within:ring-brand-700">
      <ComposerPrimitive.Input
        rows={1}
        autoFocus
        maxLength={2000}
        placeholder="Ask for a dish, a place or a budget"
        aria-label="Message the assistant"
        className="max-h-40 min-h-10 flex-1 resize-none bg-transparent px-2 py-2 text-base outline-none placeholder:text-stone-500"
      />
      <AuiIf condition={(s) => !s.thread.isRunning}>
        <ComposerPrimitive.Send
          className="grid size-10 shrink-0 place-items-center rounded-xl bg-brand-700 text-white disabled:bg-stone-300 disabled:text-stone-600"
          aria-label="Send"
        >
          <ArrowUp aria-hidden="true" className="size-5" />
        </ComposerPrimitive.Send>
      </AuiIf>
      <AuiIf condition={(s) => s.thread.isRunning}>
        <ComposerPrimitive.Cancel
          className="grid size-10 shrink-0 place-items-center rounded-xl bg-stone-800 text-white"
          aria-label="Stop"
        >
          <Square aria-hidden="true" className="size-4 fill-current" />
        </ComposerPrimitive.Cancel>
      </AuiIf>
    </ComposerPrimitive.Root>
  );
}

/** The conversation, composed from assistant-ui's primitives (0.15 ships no ready-made Thread). */
export function Thread() {
  return (
    <ThreadPrimitive.Root className="flex h-full min-h-0 flex-col">
      <ThreadPrimitive.Viewport
        className="relative flex min-h-0 flex-1 flex-col overflow-y-auto px-3 sm:px-6"
        aria-label="Conversation"
      >
        <AuiIf condition={(s) => s.thread.isEmpty}>
          <Welcome />
        </AuiIf>
        <div className="mx-auto w-full max-w-3xl pt-3" role="log" aria-live="polite" aria-relevant="additions">
          <ThreadPrimitive.Messages>
            {({ message }) => (message.role === "user" ? <UserMessage /> : <AssistantMessage />)}
          </ThreadPrimitive.Messages>
        </div>
        <ThreadPrimitive.ViewportFooter className="sticky bottom-0 mt-auto bg-gradient-to-t from-stone-50 via-stone-50 to-transparent pt-4 pb-3">
          <div className="relative">
            <ThreadPrimitive.ScrollToBottom
              className="absolute -top-12 left-1/2 grid size-9 -translate-x-1/2 place-items-center rounded-full bg-white shadow ring-1 ring-stone-300 disabled:invisible"
              aria-label="Scroll to the latest message"
            >
              <ArrowDown aria-hidden="true" className="size-4" />
            </ThreadPrimitive.ScrollToBottom>
            <Composer />
          </div>
        </ThreadPrimitive.ViewportFooter>
      </ThreadPrimitive.Viewport>
    </ThreadPrimitive.Root>
  );
}
