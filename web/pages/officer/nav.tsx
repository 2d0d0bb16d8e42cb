/**
 * The officer console's own navigation, shown under the header on every /officer page. One list so
 * every area is one click from every other; `current` marks the page's area (aria-current).
 */
export type OfficerArea = 'today' | 'changes' | 'rounds' | 'properties' | 'data' | 'reports' | 'requests' | 'deliveries' | 'insight' | 'commercial' | 'people' | 'webhooks' | 'audit';

const AREAS: Array<{ key: OfficerArea; href: string; text: string; adminOnly?: boolean }> = [
  { key: 'today', href: '/officer', text: 'Today' },
  { key: 'changes', href: '/officer/changes', text: 'Service changes' },
  { key: 'rounds', href: '/officer/rounds', text: 'Rounds' },
  { key: 'properties', href: '/officer/properties', text: 'Properties' },
  { key: 'data', href: '/officer/data', text: 'Import and export' },
  { key: 'reports', href: '/officer/reports', text: 'Reports' },
  { key: 'requests', href: '/officer/requests', text: 'Requests' },
  { key: 'deliveries', href: '/officer/deliveries', text: 'Bin deliveries' },
  { key: 'insight', href: '/officer/insight', text: 'Insight' },
  { key: 'commercial', href: '/officer/commercial', text: 'Commercial' },
  { key: 'people', href: '/officer/people', text: 'People and keys', adminOnly: true },
  { key: 'webhooks', href: '/officer/webhooks', text: 'Webhooks' },
  { key: 'audit', href: '/officer/audit', text: 'Audit' },
];

export function OfficerNav(props: { current?: OfficerArea; isAdmin?: boolean }) {
  return (
    <nav aria-label="Officer console" class="kb-officer-nav">
      <ul class="kb-officer-nav__list">
        {AREAS.filter((a) => !a.adminOnly || props.isAdmin).map((a) => (
          <li class="kb-officer-nav__item">
            <a class="govuk-link govuk-link--no-visited-state" href={a.href} aria-current={props.current === a.key ? 'page' : undefined}>
              {a.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
