/** How short a History search may be: the rule the page, the IPC params and the storage share. */

/** The fewest characters of a unit or an address History searches by. */
export const MIN_HISTORY_SEARCH = 6;
/** The fewest characters History searches labels, notes and contacts' names by. */
export const MIN_WORDS_SEARCH = 2;
