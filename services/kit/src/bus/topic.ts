/**
 * AMQP topic matching: words are separated by `.`, `*` matches exactly one word, `#` zero or more.
 * The in-process bus routes with it, so bindings behave as they do on RabbitMQ.
 */
export function topicMatcher(pattern: string): (routingKey: string) => boolean {
  const words = pattern.split(".");
  return (routingKey) => matches(words, 0, routingKey.split("."), 0);
}

function matches(pattern: string[], i: number, key: string[], j: number): boolean {
  if (i === pattern.length) return j === key.length;
  const word = pattern[i];
  if (word === "#") {
    for (let skip = j; skip <= key.length; skip++) {
      if (matches(pattern, i + 1, key, skip)) return true;
    }
    return false;
  }
  if (j === key.length) return false;
  return (word === "*" || word === key[j]) && matches(pattern, i + 1, key, j + 1);
}
