/** The interface's words for the language chosen, given to every screen by the app (useT). */
import { createContext, useContext } from 'react';
import { DICTIONARIES, type Dictionary } from './i18n.js';

export const DictionaryContext = createContext<Dictionary>(DICTIONARIES.nl);

export function useT(): Dictionary {
  return useContext(DictionaryContext);
}
