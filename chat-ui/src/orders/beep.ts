/** A short two-tone chime with the Web Audio API: a new order for the kitchen. Silent where audio is blocked. */
export function beep(): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  const audio = new Context();
  for (const [i, frequency] of [880, 1320].entries()) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + i * 0.18);
    oscillator.stop(audio.currentTime + i * 0.18 + 0.15);
  }
  setTimeout(() => void audio.close(), 600);
}
