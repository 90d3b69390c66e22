/** The swatch of each account colour (decorative: the account's name always says which it is). */
import type { AccountColourName } from '../../shared/ipc/accounts-schemas';

export const ACCOUNT_SWATCH: Readonly<Record<AccountColourName, string>> = {
  teal: '#0f9d8f',
  blue: '#2f6fde',
  violet: '#7a4fd6',
  pink: '#d1477f',
  orange: '#e0702a',
  amber: '#c99a06',
  green: '#3a9a3f',
  slate: '#66758a',
};

export const ACCOUNT_COLOUR_LABEL: Readonly<Record<AccountColourName, string>> = {
  teal: 'Teal',
  blue: 'Blue',
  violet: 'Violet',
  pink: 'Pink',
  orange: 'Orange',
  amber: 'Amber',
  green: 'Green',
  slate: 'Slate',
};
