import { AssistantRuntimeProvider } from "@assistant-ui/react";
import { History, Plus, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useThreads } from "../api/queries.ts";
import { useChatController, useChatState } from "../chat/context.tsx";
import { useAgentRuntime } from "../chat/runtime.ts";
import { Thread } from "../chat/thread.tsx";
import { Spinner, cx } from "../components/ui.tsx";
import { formatDateTime } from "../format.ts";

function ThreadList({ activeId, onPick }: { activeId: string | null; onPick: () => void }) {
  const threads = useThreads();
  const controller = useChatController();
  const navigate = useNavigate();
  return (
    <nav aria-label="Conversations" className="flex h-full flex-col gap-2 p-3">
      <button
        type="button"
        onClick={() => {
          void controller.open(null);
          void navigate("/");
          onPick();
        }}
        className="flex min-h-11 items-center justify-center gap-1.5 rounded-lg bg-white font-medium ring-1 ring-stone-300 hover:bg-stone-100"
      >
        <Plus aria-hidden="true" className="size-4" /> New chat
      </button>
      <h2 className="mt-2 px-1 text-xs font-semibold tracking-wide text-stone-700 uppercase">Recent</h2>
      {threads.isPending ? <Spinner label="Loading…" /> : null}
      {threads.data?.items.length === 0 ? (
        <p className="px-1 text-sm text-stone-700">Your conversations appear here.</p>
      ) : null}
      <ul className="flex min-h-0 flex-col gap-1 overflow-y-auto">
        {threads.data?.items.map((thread) => (
          <li key={thread.id}>
            <Link
              to={`/chat/${thread.id}`}
              onClick={onPick}
              aria-current={thread.id === activeId ? "page" : undefined}
              className={cx(
                "block rounded-lg px-3 py-2 text-sm hover:bg-stone-200/60",
                thread.id === activeId && "bg-brand-50 font-medium text-brand-800",
              )}
            >
              <span className="block truncate">{thread.title}</span>
              <span className="block text-xs text-stone-600">{formatDateTime(thread.updatedAt)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The landing page: past conversations on the side, the current one in assistant-ui's thread. */
export default function ChatPage() {
  const { threadId } = useParams();
  const controller = useChatController();
  const state = useChatState();
  const runtime = useAgentRuntime(controller);
  const navigate = useNavigate();
  const [historyOpen, setHistoryOpen] = useState(false);

  // A thread in the address opens it (a link, a reload, a shared URL).
  useEffect(() => {
    if (threadId && threadId !== controller.getState().threadId) void controller.open(threadId);
  }, [threadId, controller]);

  // A new conversation gets its id from the agent: put it in the address once the turn is over.
  useEffect(() => {
    if (!threadId && state.threadId && !state.running) void navigate(`/chat/${state.threadId}`, { replace: true });
  }, [threadId, state.threadId, state.running, navigate]);

  return (
    <AssistantRuntimeProvider runtime={runtime}>
      <div className="flex h-full">
        <aside className="hidden w-72 shrink-0 border-r border-stone-200 bg-stone-100/60 lg:block">
          <ThreadList activeId={state.threadId} onPick={() => undefined} />
        </aside>
        <div className="relative flex min-w-0 flex-1 flex-col">
          <div className="flex h-11 shrink-0 items-center gap-2 px-3 lg:hidden">
            <button
              type="button"
              onClick={() => setHistoryOpen(true)}
              className="flex min-h-10 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-stone-800 hover:bg-stone-200/60"
            >
              <History aria-hidden="true" className="size-4" /> Conversations
            </button>
          </div>
          <div className="min-h-0 flex-1">
            <Thread />
          </div>
        </div>
        {historyOpen ? (
          <div className="fixed inset-0 z-30 flex lg:hidden" role="dialog" aria-modal="true" aria-label="Conversations">
            <div className="w-80 max-w-[85%] bg-stone-50 shadow-xl">
              <div className="flex justify-end p-2">
                <button
                  type="button"
                  onClick={() => setHistoryOpen(false)}
                  className="grid size-10 place-items-center rounded-lg hover:bg-stone-200"
                  aria-label="Close conversations"
                >
                  <X aria-hidden="true" className="size-5" />
                </button>
              </div>
              <ThreadList activeId={state.threadId} onPick={() => setHistoryOpen(false)} />
            </div>
            <button
              type="button"
              className="flex-1 bg-black/40"
              aria-label="Close conversations"
              onClick={() => setHistoryOpen(false)}
            />
          </div>
        ) : null}
      </div>
    </AssistantRuntimeProvider>
  );
}
