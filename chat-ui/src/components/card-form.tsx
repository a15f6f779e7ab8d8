import { CardInput, TEST_CARDS } from "@ustbites/contracts";
import { useState } from "react";
import { Field } from "./ui.tsx";

/**
 * Payments are simulated: the processor accepts the documented test cards (TEST_CARDS), so the form
 * starts filled with the one that succeeds. A build for real money sets VITE_PREFILL_TEST_CARD=false.
 */
const PREFILL = import.meta.env.VITE_PREFILL_TEST_CARD !== "false";

export interface CardFormValues {
  number: string;
  expiry: string;
  cvc: string;
  holderName: string;
}

const nextYears = (n: number) => String((new Date().getUTCFullYear() + n) % 100).padStart(2, "0");
const EMPTY: CardFormValues = { number: "", expiry: "", cvc: "", holderName: "" };
const TEST: CardFormValues = {
  number: TEST_CARDS.success.replace(/(\d{4})(?=\d)/g, "$1 "),
  expiry: `12/${nextYears(3)}`,
  cvc: "123",
  holderName: "",
};

/** "MM/YY" → month and four-digit year; NaN when it does not read as a date. */
function parseExpiry(expiry: string): { expMonth: number; expYear: number } {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!match) return { expMonth: Number.NaN, expYear: Number.NaN };
  const year = Number(match[2]);
  return { expMonth: Number(match[1]), expYear: year < 100 ? 2000 + year : year };
}

export function useCardForm() {
  const [values, setValues] = useState<CardFormValues>(PREFILL ? TEST : EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof CardFormValues, string>>>({});

  /** The card as the contract wants it, or null (and the errors shown) when it is not valid. */
  function parse(): CardInput | null {
    const parsed = CardInput.safeParse({
      number: values.number,
      ...parseExpiry(values.expiry),
      cvc: values.cvc.trim(),
      ...(values.holderName.trim() ? { holderName: values.holderName.trim() } : {}),
    });
    if (parsed.success) {
      setErrors({});
      return parsed.data;
    }
    const next: typeof errors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const key = field === "expMonth" || field === "expYear" ? "expiry" : (field as keyof CardFormValues);
      next[key] ??= key === "expiry" && issue.code !== "custom" ? "Enter the expiry as MM/YY" : issue.message;
    }
    setErrors(next);
    return null;
  }

  const set = (key: keyof CardFormValues) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));
  return { values, errors, set, parse };
}

export type CardForm = ReturnType<typeof useCardForm>;

export function CardFields({ form, idPrefix }: { form: CardForm; idPrefix: string }) {
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-semibold">Payment card</legend>
      {PREFILL ? (
        <p className="-mt-1 text-xs text-stone-600">
          Payments are simulated; the test card {TEST_CARDS.success} always succeeds.
        </p>
      ) : null}
      <Field
        id={`${idPrefix}-number`}
        label="Card number"
        inputMode="numeric"
        autoComplete="cc-number"
        value={form.values.number}
        onChange={form.set("number")}
        error={form.errors.number}
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          id={`${idPrefix}-expiry`}
          label="Expiry (MM/YY)"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="MM/YY"
          value={form.values.expiry}
          onChange={form.set("expiry")}
          error={form.errors.expiry}
        />
        <Field
          id={`${idPrefix}-cvc`}
          label="CVC"
          inputMode="numeric"
          autoComplete="cc-csc"
          value={form.values.cvc}
          onChange={form.set("cvc")}
          error={form.errors.cvc}
        />
      </div>
      <Field
        id={`${idPrefix}-name`}
        label="Name on card (optional)"
        autoComplete="cc-name"
        value={form.values.holderName}
        onChange={form.set("holderName")}
        error={form.errors.holderName}
      />
    </fieldset>
  );
}
