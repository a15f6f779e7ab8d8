/** Short speech acts and the commands recognised by their wording: greetings, yes/no, cart, checkout, orders. */
export const GREETING =
  /^(?:hi+|hello|hey+|heya|hiya|yo|howdy|good (?:morning|afternoon|evening|day)|greetings|sup|what'?s up|hola|ni hao|nei hou|morning|evening)(?: there| again| bot| ustbites| friend| all)?\b[\s!.,~]*/;

export const HELP =
  /^(?:help|\?+|help me|menu\?|commands)$|\bwhat can you do\b|\bwhat do you do\b|\bhow (?:does|do) (?:this|you|it) work\b|\bwhat are you\b|\bwho are you\b|\bhow can you help\b|\bwhat can i (?:do|ask|say)\b|\bcapabilities\b|\bhow (?:do|can) i order\b|\bhow to order\b|\bwhat should i (?:say|type)\b/;

export const THANKS =
  /^(?:(?:ok|okay|great|cool|alright)[ ,]+)?(?:thanks?|bye|goodbye|see you|see ya|cya|later|thank you|thx|ty|cheers|much appreciated|appreciate it|great|awesome|perfect|cool|nice|lovely|brilliant|ok thanks|okay thanks|thank u)(?: (?:so much|a lot|very much|again|mate|man|bot))?(?:[ ,]+(?:bye|goodbye|see you|see ya|cya|later|for now|bye bye))*[\s!.]*$/;

export const CONFIRM =
  /^(?:yes|yep|yeah|yea|yup|ya|y|sure|ok|okay|k|confirm|confirmed|i confirm|go ahead|go for it|do it|please do|approve|approved|sounds good|alright|all right|correct|right|affirmative|absolutely|definitely|of course|let'?s do it|why not)\b/;
export const REJECT =
  /^(?:no|nope|nah|n|cancel|cancel (?:that|it|this)|never ?mind|nvm|don'?t|do not|stop|forget (?:it|that)|not now|no thanks|no thank you|hold on|wait)\b/;

export const CLEAR =
  /\b(?:scrap|ditch|forget|drop)\s+(?:all\s+)?(?:that|this|everything|it all)\b(?!\s+\w)|\b(?:scrap|ditch|forget|drop)\s+all\s+(?:of\s+)?(?:that|this|it)\b|\b(?:clear|empty|reset|wipe|delete|remove|trash|dump)\s+(?:out\s+)?(?:my |the |this |whole |entire |everything in (?:my |the )?|all (?:of )?)*(?:cart|basket|order|everything|it all|all)\b|\bstart (?:over|again|afresh|fresh|from scratch)\b|\bremove (?:everything|all (?:items|the items))\b|\bclear (?:it|that)\b|\bfresh cart\b/;

export const VIEW_CART =
  /\b(?:what(?:'s| is|s) in|show|view|see|check|display|open|look at|review|list)\s+(?:me\s+)?(?:my |the |our )?(?:current )?(?:cart|basket)\b|^(?:my |the )?(?:cart|basket)\??$|\bwhat (?:have i|did i|do i have) (?:got|added|put|ordered so far|in my cart|have)\b|\bwhat(?:'s| is) my (?:cart|basket|total|subtotal)\b|\bcart (?:contents|total|please)\b|\bhow much (?:is|does) (?:it|my cart|the cart|everything)\b/;

/** Cancelling a placed order: "cancel my order", "scrap my order", "cancel it, i ordered by accident", "can i get a refund". */
export const CANCEL_ORDER =
  /\b(?:cancel|scrap|call off|abort)\b.*\b(?:order|orders|ordered|it|food|made|placed|bought|just did)\b|\bcancel\b.*\b(?:by accident|by mistake|changed my mind)\b|\brefund\b|\b(?:don'?t|do not) want (?:the|my) (?:food|order)\b/;

export const CHECKOUT =
  /\bcheck ?out\b|\bplace (?:my |the |an |this |that )?order\b|\bthat(?:'s| is|s) (?:all|it|everything)\b|\bi(?:'m| am) (?:done|finished|ready)\b|\b(?:submit|finish|complete|finali[sz]e|confirm|send) (?:my |the |this )?order\b|\b(?:pay|checkout) now\b|\blet'?s (?:pay|order|check ?out)\b|\bready to (?:order|pay|check ?out)\b|\bproceed (?:to (?:payment|checkout))?\b|\border (?:it|them|this|that|everything)(?: now)?$|\bgo to checkout\b|\bpay for (?:it|my order|this)\b/;

export const TRACK =
  /\bhas (?:it|my (?:\w+ ){0,2}?(?:order|food|\w+)) (?:left|gone out|been picked up|shipped|been sent|set off)\b|\bhow long (?:till|until|before|will|for)\b|\bis (?:it|my (?:\w+ ){0,2}?\w+) (?:coming|on (?:its|the) way|out for delivery)\b|\b(?:track|tracking|courier|rider|driver|eta)\b|\bwhen (?:will|does|is|would) (?:it|my (?:order|food|delivery)|the (?:order|food|delivery))\s+(?:arrive|get here|come|be (?:here|delivered|ready|arriving)|land|reach|show up)|\bhow long (?:will|until|till|for|before|does)\b|\bwhere(?:'s| is) (?:my |the )?delivery\b|\bis it (?:on the way|coming)\b|\bon (?:its|the) way\b/;

export const ORDER_STATUS =
  /\b(?:did|has|have) (?:it|that|this|the order|my order|my payment|the payment|my card|the card|everything)(?: \w+)? (?:go through|gone through|went through|work|worked|get placed|got placed|been placed|get confirmed|been confirmed|succeed|fail|failed|bounce|bounced|get charged|been charged)\b|\bis (?:it|that|my order|the order|my payment|the payment) (?:confirmed|placed|paid|through|processed|ok|okay|successful|done)\b|\b(?:was|did|has) my (?:card|payment|account) (?:get |been )?(?:charged|billed|declined|rejected|go through|fail|failed)\b|\b(?:payment|card|transaction)\b.*\b(?:fail\w*|declined|rejected|bounced|didn'?t (?:go through|work)|not (?:go through|work))\b|\b(?:was|were|have|did) (?:i|you) (?:been |get )?(?:charged|billed)\b|\bwhat happened (?:to|with) (?:my|the) (?:order|food|payment)\b|\b(?:payment|paid|charged?|card)\b.*\b(?:go through|went through|work|worked|fail|failed|declined|succeed|ok|okay)\b|\bwhy (?:did|was|is) (?:my |the )?(?:order|payment)\b|\bwhere(?:'s| is| are)\s+my\s+(?!cart\b|basket\b)(?:\w+\s+){0,2}?\w+\b|\bis (?:my (?:\w+ ){0,2}?\w+|it) (?:here|there|ready|done|delivered|arriving|here yet)\b|\bdid (?:my|the) order (?:go through|work|get placed|get through)\b|\b(?:did|has) my (?:\w+ )?order (?:go|gone|come|went)\b|\bwhere(?:'s| is| are)\s+(?:my|the)\s+(?:order|food|stuff|lunch|dinner|meal)\b|\borders? status\b|\bstatus (?:of|on) (?:my |the )?(?:last |latest |recent |previous )?order\b|\b(?:how(?:'s| is)|what(?:'s| is)(?: the status of| happening with)?) (?:my |the )?(?:last |latest |recent )?order\b|\bmy (?:last |latest |recent |previous |past )?orders?\b|\b(?:did|has|is) my order\b|\border history\b|\bwhat did i order\b|\bany updates?\b|\border update\b/;
