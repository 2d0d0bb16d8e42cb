/** Recently viewed addresses, kept in this browser's localStorage (most recent first, at most 5). */
export interface RecentAddress {
  uprn: string;
  address: string;
  postcode: string;
}

export const RECENT_KEY = 'kerbside.recentAddresses';
export const RECENT_MAX = 5;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function listRecent(store: Store): RecentAddress[] {
  try {
    const parsed = JSON.parse(store.getItem(RECENT_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((x) => x && typeof x.uprn === 'string' && /^[0-9]{1,12}$/.test(x.uprn) && typeof x.address === 'string')
      .slice(0, RECENT_MAX);
  } catch {
    return [];
  }
}

export function rememberRecent(store: Store, item: RecentAddress): void {
  const rest = listRecent(store).filter((x) => x.uprn !== item.uprn);
  store.setItem(RECENT_KEY, JSON.stringify([item, ...rest].slice(0, RECENT_MAX)));
}

export const forgetRecent = (store: Store): void => store.removeItem(RECENT_KEY);
