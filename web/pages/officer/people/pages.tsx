/**
 * People and keys at /officer/people (admins of the council): the users table with a role form and a
 * disable/enable button per person, the add-a-user form, the API keys table with revoke links and
 * the create-a-key form; the page that shows a new key once; the revoke confirmation.
 */
import { formatLongDate, localDateAt } from '../../../../server/domain/dates.ts';
import type { KeyView } from '../../../../server/services/people/api-keys.ts';
import type { UserView } from '../../../../server/services/people/users.ts';
import { ErrorSummary, ScrollBox, SuccessBanner, Tag, TextInput, ErrorMessage, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

const SERVICE_NAME = 'Officer console';
export const ROLE_WORDS: Record<string, string> = { admin: 'Admin', officer: 'Officer', crew: 'Crew', customer: 'Business customer' };
const STAFF = ['officer', 'crew', 'admin'];
const day = (iso: string, tz: string) => formatLongDate(localDateAt(new Date(iso), tz), true);

export interface PeopleProps {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  meId: string;
  users: UserView[];
  keys: KeyView[];
  message?: string;
  errors?: FieldErrors;
  /** The add-a-user form's values (never the password) or the key form's name, kept after an error. */
  values?: Record<string, string>;
}

function RoleSelect(p: { id: string; value?: string; error?: string; label: string; hidden?: boolean }) {
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label${p.hidden ? ' govuk-visually-hidden' : ''}`} for={p.id}>{p.label}</label>
      <ErrorMessage id={p.id} message={p.error} />
      <select class={`govuk-select${p.error ? ' govuk-select--error' : ''}`} id={p.id} name="role" aria-describedby={p.error ? `${p.id}-error` : undefined}>
        {STAFF.map((r) => <option value={r} selected={p.value === r}>{ROLE_WORDS[r]}</option>)}
      </select>
    </div>
  );
}

function UserRow(p: { u: UserView; me: boolean; tz: string; error?: string }) {
  const u = p.u;
  const who = u.name ? `${u.name} (${u.email})` : u.email;
  return (
    <tr class="govuk-table__row" id={`user-${u.id}`}>
      <td class="govuk-table__cell kb-break">{u.email}</td>
      <td class="govuk-table__cell">{u.name ?? ''}</td>
      <td class="govuk-table__cell">{ROLE_WORDS[u.role] ?? u.role}</td>
      <td class="govuk-table__cell">
        {u.disabled ? <Tag class="govuk-tag--grey">Disabled</Tag> : <Tag class="govuk-tag--green">Active</Tag>}
      </td>
      <td class="govuk-table__cell">
        {p.me ? (
          <p class="govuk-body-s">This is you. Another admin can change your role.</p>
        ) : (
          <>
            {u.role !== 'customer' && (
              <form method="post" action={`/officer/people/users/${u.id}/role`} novalidate>
                <RoleSelect id={`role-${u.id}`} label={`Role for ${who}`} hidden value={u.role} error={p.error} />
                <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                  Change role<span class="govuk-visually-hidden"> for {who}</span>
                </button>
              </form>
            )}
            <form method="post" action={`/officer/people/users/${u.id}/status`} novalidate>
              <input type="hidden" name="disabled" value={u.disabled ? 'no' : 'yes'} />
              <button type="submit" class={`govuk-button govuk-!-margin-bottom-0 ${u.disabled ? 'govuk-button--secondary' : 'govuk-button--warning'}`}>
                {u.disabled ? 'Enable' : 'Disable'}<span class="govuk-visually-hidden"> {who}</span>
              </button>
            </form>
          </>
        )}
      </td>
    </tr>
  );
}

export function PeoplePage(p: PeopleProps) {
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  return (
    <Layout title="People and keys" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      hasErrors={Object.keys(errors).length > 0}>
      <OfficerNav current="people" isAdmin />
      <ErrorSummary errors={errors} />
      <SuccessBanner message={p.message} />
      <h1 class="govuk-heading-l">People and keys</h1>

      <h2 class="govuk-heading-m" id="users-heading">People who sign in</h2>
      <ScrollBox label="People who sign in">
        <table class="govuk-table" id="users">
          <caption class="govuk-table__caption govuk-visually-hidden">People who sign in, by email</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Email</th>
              <th scope="col" class="govuk-table__header">Name</th>
              <th scope="col" class="govuk-table__header">Role</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Change</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {p.users.map((u) => <UserRow u={u} me={u.id === p.meId} tz={p.timezone} error={errors[`role-${u.id}`]} />)}
          </tbody>
        </table>
      </ScrollBox>
      <p class="govuk-body-s">Disabling someone signs them out at once; they cannot sign in until they are enabled again.</p>

      <h2 class="govuk-heading-m" id="add-user">Add a person</h2>
      <form method="post" action="/officer/people/users" novalidate>
        <TextInput id="email" label="Email address" type="email" autocomplete="off" spellcheck={false} value={v.email} error={errors.email} />
        <TextInput id="name" label="Name (optional)" value={v.name} error={errors.name} />
        <RoleSelect id="role" label="Role" value={v.role || 'officer'} error={errors.role} />
        <TextInput id="password" label="Initial password" type="password" autocomplete="new-password"
          hint="At least 10 characters. Tell the person, who signs in with it." error={errors.password} />
        <button type="submit" class="govuk-button">Add person</button>
      </form>

      <h2 class="govuk-heading-m" id="keys-heading">API keys</h2>
      <p class="govuk-body">Integrators such as FixMyStreet send reports through Open311 with a key. A revoked key is refused at once.</p>
      {p.keys.length ? (
        <ScrollBox label="API keys">
          <table class="govuk-table" id="api-keys">
            <caption class="govuk-table__caption govuk-visually-hidden">API keys, newest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Name</th>
                <th scope="col" class="govuk-table__header">Starts with</th>
                <th scope="col" class="govuk-table__header">Created</th>
                <th scope="col" class="govuk-table__header">Status</th>
                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.keys.map((k) => (
                <tr class="govuk-table__row" id={`key-${k.id}`}>
                  <td class="govuk-table__cell">{k.name}</td>
                  <td class="govuk-table__cell"><code>{k.prefix}</code></td>
                  <td class="govuk-table__cell">{day(k.createdAt, p.timezone)}</td>
                  <td class="govuk-table__cell">
                    {k.revokedAt ? <Tag class="govuk-tag--grey">{`Revoked ${day(k.revokedAt, p.timezone)}`}</Tag> : <Tag class="govuk-tag--green">Active</Tag>}
                  </td>
                  <td class="govuk-table__cell">
                    {!k.revokedAt && (
                      <a class="govuk-link" href={`/officer/people/api-keys/${k.id}/revoke`}>Revoke<span class="govuk-visually-hidden"> {k.name} ({k.prefix})</span></a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="api-keys">No API keys yet.</p>
      )}
      <h3 class="govuk-heading-s" id="create-key">Create an API key</h3>
      <form method="post" action="/officer/people/api-keys" novalidate>
        <TextInput id="keyName" name="name" label="Who the key is for" hint="For example FixMyStreet" value={v.keyName} error={errors.keyName} />
        <button type="submit" class="govuk-button">Create key</button>
      </form>
    </Layout>
  );
}

/** Shown once, in the answer to the create form: the key is not stored, so it cannot be shown again. */
export function NewKeyPage(p: { councilName: string; councilSlug?: string; name: string; prefix: string; keyText: string }) {
  return (
    <Layout title="API key created" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="people" isAdmin />
      <div class="govuk-panel govuk-panel--confirmation">
        <h1 class="govuk-panel__title">API key created</h1>
        <div class="govuk-panel__body">{`For ${p.name}`}</div>
      </div>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          Copy this key now and give it to {p.name} securely. You will not be able to see it again: Kerbside keeps only a fingerprint of it.
        </strong>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="new-key">The key</label>
        <input class="govuk-input kb-break" id="new-key" type="text" readonly value={p.keyText} spellcheck={false} autocomplete="off" />
      </div>
      <p class="govuk-body">In the list it shows as the key starting <code>{p.prefix}</code>.</p>
      <p class="govuk-body"><a class="govuk-link" href="/officer/people#keys-heading">Back to people and keys</a></p>
    </Layout>
  );
}

export function RevokeKeyPage(p: { councilName: string; councilSlug?: string; keyView: KeyView }) {
  const k = p.keyView;
  return (
    <Layout title={`Revoke the key for ${k.name}`} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      back={{ href: '/officer/people#keys-heading', text: 'People and keys' }}>
      <h1 class="govuk-heading-l">{`Revoke the key for ${k.name}?`}</h1>
      <p class="govuk-body">The key starting <code>{k.prefix}</code> will be refused from now on. This cannot be undone: {k.name} will need a new key.</p>
      <form method="post" action={`/officer/people/api-keys/${k.id}/revoke`} novalidate>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--warning">Yes, revoke this key</button>
          <a class="govuk-link" href="/officer/people#keys-heading">No, keep it</a>
        </div>
      </form>
    </Layout>
  );
}
