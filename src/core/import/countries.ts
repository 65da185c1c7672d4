import type { CountryCode } from 'libphonenumber-js';
import { isSupportedCountry } from 'libphonenumber-js';
import { normaliseName } from './aliases';

/**
 * Country names seen in exports → ISO 3166-1 alpha-2, so a row's country column can set the
 * default country for its phone numbers ("030-0074321" in Germany). Only common names; an ISO code
 * itself is accepted too.
 */
const NAMES: Record<string, string> = {
  'russia': 'RU', 'russian federation': 'RU', 'россия': 'RU', 'рф': 'RU', 'русија': 'RU', 'российская федерация': 'RU', 'руска федерација': 'RU',
  'north macedonia': 'MK', 'macedonia': 'MK', 'македония': 'MK', 'северна македонија': 'MK', 'македонија': 'MK', 'северная македония': 'MK',
  'republic of north macedonia': 'MK', 'republic of macedonia': 'MK', 'република северна македонија': 'MK', 'република македонија': 'MK',
  'рсм': 'MK', 'fyrom': 'MK', 'северна македония': 'MK',
  'serbia': 'RS', 'србија': 'RS', 'сербия': 'RS', 'bulgaria': 'BG', 'бугарија': 'BG', 'болгария': 'BG',
  'albania': 'AL', 'албанија': 'AL', 'greece': 'GR', 'грција': 'GR', 'греция': 'GR', 'kosovo': 'XK',
  'belarus': 'BY', 'беларусь': 'BY', 'ukraine': 'UA', 'украина': 'UA', 'kazakhstan': 'KZ', 'казахстан': 'KZ',
  'usa': 'US', 'us': 'US', 'united states': 'US', 'united states of america': 'US', 'сша': 'US', 'сад': 'US',
  'uk': 'GB', 'united kingdom': 'GB', 'great britain': 'GB', 'england': 'GB', 'eire': 'IE', 'ireland': 'IE',
  'germany': 'DE', 'германия': 'DE', 'германија': 'DE', 'france': 'FR', 'франция': 'FR', 'spain': 'ES', 'italy': 'IT',
  'portugal': 'PT', 'mexico': 'MX', 'canada': 'CA', 'argentina': 'AR', 'brazil': 'BR', 'venezuela': 'VE',
  'switzerland': 'CH', 'austria': 'AT', 'belgium': 'BE', 'netherlands': 'NL', 'denmark': 'DK', 'finland': 'FI',
  'norway': 'NO', 'sweden': 'SE', 'poland': 'PL', 'australia': 'AU', 'japan': 'JP', 'china': 'CN', 'turkey': 'TR',
  'cyprus': 'CY', 'iceland': 'IS', 'israel': 'IL', 'lebanon': 'LB', 'lithuania': 'LT', 'malta': 'MT',
  'czech republic': 'CZ', 'singapore': 'SG', 'bahrain': 'BH', 'saudi arabia': 'SA', 'south africa': 'ZA',
  'united arab emirates': 'AE', 'channel islands': 'GB', 'european community': '', 'unspecified': '', 'rsa': 'ZA',
};

/** ISO code for a country cell, or null when unknown. */
export function countryCode(cell: string): CountryCode | null {
  const t = cell.trim();
  if (/^[A-Za-z]{2}$/.test(t) && isSupportedCountry(t.toUpperCase() as CountryCode)) return t.toUpperCase() as CountryCode;
  const name = normaliseName(t);
  // Abbreviations written with dots: "U.S.A." → "u s a" → "usa", "U.K.", "Р.Ф.".
  const code = NAMES[/^(?:\p{L} )+\p{L}$/u.test(name) ? name.replace(/ /g, '') : name];
  return code && isSupportedCountry(code as CountryCode) ? (code as CountryCode) : null;
}
