/** What the engine refuses: off-topic requests, abuse, other students' data, attempts to switch its rules off. */
export const OFF_TOPIC =
  /\b(?:weather|forecast|rain|wifi|wi-fi|password|integral|derivative|solve|physics|chemistry|lecture notes|timetable|temperature outside|raining|poem|poetry|haiku|joke|jokes|homework|assignment|essay|exam|quiz|math|maths|equation|calculus|algebra|coding|code|program(?:ming)?|python|javascript|java|leetcode|news|stocks?|bitcoin|crypto|politics|election|president|translate|translation|lyrics|song|movie|movies|film|football|soccer|nba|capital of|meaning of life|girlfriend|boyfriend|date me|horoscope|write me|write a|tell me a story|tell me a joke|sing)\b/;

export const ABUSE =
  /\b(?:stupid|idiot|idiotic|dumb|moron|useless|shut up|hate you|fuck\w*|f\*+k|shit\w*|bitch\w*|bastard|asshole|crap|trash bot|garbage|suck|sucks|loser|screw you|wtf)\b/;

export const OTHERS_DATA =
  /\b(?:(?:user|student|account|customer)\s*(?:id|number|no\.?|#)?\s*\d{3,}|other (?:students?|users?|people|customers?)'?s?|everyone(?:'s| else'?s)?|every (?:student|user)|all (?:the )?(?:orders|users|students|carts|customers)|someone else'?s?|another (?:student|user|person)'?s?|somebody else'?s?|(?:you are|you're|act as|i am|i'm) (?:now )?(?:an? )?(?:admin|administrator|root|developer|superuser|staff)|admin (?:mode|access|panel)|developer mode|god mode|their (?:orders|cart|address)|(?:my )?(?:roommate|room-mate|flatmate|housemate|friend|classmate|buddy|sister|brother|girlfriend|boyfriend|mum|mom|dad)'?s (?:orders?|cart|basket|account|deliver(?:y|ies)|address)|(?:his|her) (?:orders?|cart|basket|account|email))\b/;

/** Asking for the agent's own instructions is a rules-bypass attempt, whatever else the message says. */
export const PROMPT_PROBE =
  /(?<!\bdan )\bdan\b(?!\s+(?:dan|noodles?|mian))|\b(?:do anything now|pretend (?:you(?:'re| are)|to be)|you have no (?:rules|restrictions|limits)|no (?:rules|restrictions|limits|filters) (?:mode|apply)|unrestricted|developer mode|dev mode|god mode|jailbroken|system prompt|(?:your|the) (?:hidden |secret |internal )?(?:prompt|instructions|configuration)|jailbreak)\b/;

export const BYPASS = [
  /\b(?:please\s+)?(?:ignore|disregard|forget|override|bypass) (?:all |any |your |the |previous |prior |my |these |those |of )*(?:rules|instructions|guidelines|restrictions|policies|prompts?|system prompt|safety|guardrails)\b(?:\s+and)?/g,
  /\bwithout (?:asking|confirm\w*|checking|approval|my approval|a confirmation)(?: me| first)?\b/g,
  /\b(?:don'?t|do not|no need to|never) (?:ask|confirm|check)(?: me| with me| first| for confirmation)*\b/g,
  /\bskip (?:the )?(?:confirm\w*|approval|check)(?: step)?\b/g,
  /\bjust do it\b/g,
];
