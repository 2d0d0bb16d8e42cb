/**
 * The commercial part of a council bundle (DESIGN.md "Commercial"): customers, contracts and their
 * lines, written in the CALLER's transaction after the rest of the bundle (properties, services,
 * rounds) so the checks see them. Customers upsert by (council, id); contracts upsert by reference and
 * their lines are replaced. Contract rules (commercial/mixed site, EWC code, price, no overlapping
 * contracts for the same site and stream, round serves the line's service) are checked for every
 * contract; any failure throws `invalid_bundle` (422) listing them all, so the caller's transaction
 * rolls back and nothing is stored. Each line's round gets the site as a stop for the contract period
 * when no assignment covers it yet, so crews see it.
 */
import { customers } from '../../db/schema/index.ts';
import type { Tx } from '../../db/client.ts';
import type { Bundle } from '../domain/bundle.ts';
import { DomainError } from '../errors.ts';
import { contractProblems, writeContract } from './commercial/store.ts';

export interface CommercialImportCounts {
  customers: number;
  contracts: number;
  contractLines: number;
}

export async function importCommercial(
  tx: Tx,
  councilId: number,
  bundle: Pick<Bundle, 'customers' | 'contracts'>,
): Promise<CommercialImportCounts> {
  for (const cu of bundle.customers) {
    const values = {
      councilId, id: cu.id, name: cu.name, address: cu.address, companyNumber: cu.companyNumber ?? null,
      sic: cu.sic, employees: cu.employees, email: cu.email, phone: cu.phone ?? null,
    };
    const { councilId: _c, id: _i, ...set } = values;
    await tx.insert(customers).values(values).onConflictDoUpdate({ target: [customers.councilId, customers.id], set });
  }
  const errors: string[] = [];
  let lines = 0;
  // One contract at a time: each is checked against what is already written, earlier bundle rows included.
  for (const [i, co] of bundle.contracts.entries()) {
    const input = {
      reference: co.reference, customer: co.customer, uprn: co.uprn, start: co.start, end: co.end, status: co.status,
      paperAssessment: co.paperAssessment, lines: co.lines,
    };
    const problems = await contractProblems(tx, councilId, input);
    if (problems.length) {
      for (const p of problems) errors.push(`contracts[${i}]${p.path ? '.' + p.path : ''}: ${p.code}: ${p.message}`);
      continue;
    }
    await writeContract(tx, councilId, input);
    lines += co.lines.length;
  }
  if (errors.length) {
    throw new DomainError('invalid_bundle', `The bundle has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported.`, 422, { errors });
  }
  return { customers: bundle.customers.length, contracts: bundle.contracts.length, contractLines: lines };
}
