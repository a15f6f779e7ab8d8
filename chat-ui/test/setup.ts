import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom implements neither; assistant-ui's viewport observes its size and scrolls to the bottom.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
// Files that talk to a real server run in the node environment (`@vitest-environment node`): no DOM.
if (typeof Element !== "undefined") {
  globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
  Element.prototype.scrollTo ??= function scrollTo() {};
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.open = false;
  };
}

// Tells React these tests drive it through act() (testing-library wraps its events and waits in it).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => cleanup());
