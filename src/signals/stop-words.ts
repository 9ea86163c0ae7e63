/**
 * Words that never make a topic on their own: Dutch (with Flemish chat forms as the tokenizer spells
 * them), French and English function words, and what every message to a service says anyway
 * (greetings, thanks, "question", "please"). Folded: lower case, no accents.
 */
const NL =
  'aan al alle alleen als alsjeblieft alstublieft altijd andere ben bent bij binnen da daar daarom dan dat de deze die dit doe doen door dus echt een eens en er ergens even geen gij had heb hebben heeft hem hen het hier hij hoe hun iemand iets ik in is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mijn mij moet moeten na naar nee neen niet niets nog nou nu of om omdat ons onze ook op over reeds sinds te tegen toch toen tot u uit uw van veel voor waar wanneer want waren was wat we wel welke werd wie wij wil willen wordt zal ze zei zelf zich zij zijn zo zoals zonder zou zouden zeer heel gewoon nog al ook gaan gaat komt komen ging hadden hebt zit zitten staat staan krijg krijgen kunt moest mag mogen weet weten zeggen zegt elke ieder iedereen allemaal eigenlijk natuurlijk misschien waarom welk wiens hoor he allez amai ok oke keer dag dagen jaar week vandaag gisteren morgen nu nog steeds terug weer vanaf tussen rond bijna nooit soms vaak beetje';
const FR =
  'a ai aie au aux avec avez avoir avons c ca ce ceci cela celle celui ces cet cette chez comme comment d dans de des deja depuis donc du elle elles en encore est et etait ete etre eu fait faire faut il ils j je jamais juste l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni non nos notre nous on ont ou par parce pas peu peut plus pour pourquoi qu quand que quel quelle qui rien s sa sans se ses si son sont sur t ta te tes toi ton toujours tous tout tres tu un une vos votre vous y bien aussi alors apres avant ici la voila';
const EN =
  'a about after again all also am an and any are as at be because been before being but by can could did do does doing done for from get got had has have having he her here him his how i if in into is it its just let me more most my no not now of on once only or other our out over own same she should so some still such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yes hi hey dear regards';
const INBOX =
  'hallo hoi dag goeiedag goedendag goedemorgen goedemiddag goedenavond beste geachte bedankt dank dankjewel dankuwel merci vriendelijke groeten groetjes mvg vraag vragen please bonjour bonsoir salut madame monsieur cordialement remercie svp aub thanks thank hello question questions help';

export const STOP_WORDS: ReadonlySet<string> = new Set([NL, FR, EN, INBOX].flatMap((list) => list.split(' ')));
