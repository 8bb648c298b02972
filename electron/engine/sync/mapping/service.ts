// The mapping service: what the mapping screen and headless setups use. Shows both catalogs with the current
// mapping and name-based suggestions; saves a mapping only after checking it against Docplanner (ids exist, no
// Docplanner address mapped twice, every address service belongs to its address); creates an address service
// from a dictionary service on request; imports/exports JSON; and watches mapped address services, raising a
// 'mapping-vanished' conflict when one disappears. Results and field errors carry message codes beside the English.
import {
  MappingSchema,
  type Mapping,
  type MappingView,
  type MessageRef,
  type RemoteCatalog,
  type SaveResult,
} from '../../../../shared/bridge';
import type { MessageCode, MessageParams } from '../../../../shared/message-codes';
import { addressKeyId } from '../../../../shared/canonical';
import type { DocplannerApi } from '../../docplanner/api';
import type { PracticeAdapter } from '../../practice/adapter';
import type { Repos } from '../../store/repos';
import { mappingVanished } from '../conflicts/drafts';
import type { ConflictService } from '../conflicts/service';
import { errorCodeOf } from '../error-code';
import { plainError } from '../outbound/sender';
import { readLocalCatalog, readRemoteCatalog } from './catalog';
import { bestMatch } from './similarity';

export interface MappingServiceDeps {
  api: DocplannerApi;
  repos: Repos;
  practice: PracticeAdapter;
  conflicts: ConflictService;
  now: () => number;
  /** Addresses whose links changed (the engine re-plans their days). */
  onMappingSaved?: (addressKeys: string[]) => void;
}

/** Field errors in English with their codes, by field path. */
class FieldErrors {
  readonly errors: Record<string, string> = {};
  readonly codes: Record<string, MessageRef> = {};

  set(path: string, message: string, code: MessageCode, params: MessageParams = {}): void {
    this.errors[path] = message;
    this.codes[path] = { code, params };
  }

  get size(): number {
    return Object.keys(this.errors).length;
  }
}

const fail = (
  fields: FieldErrors,
  message: string,
  code: MessageCode,
  params: MessageParams = {},
): SaveResult => ({
  ok: false,
  errors: fields.errors,
  errorCodes: fields.codes,
  message,
  code,
  params,
});

const fieldError = (path: string, message: string, code: MessageCode, params: MessageParams = {}) => {
  const f = new FieldErrors();
  f.set(path, message, code, params);
  return f;
};

export class MappingService {
  constructor(private readonly d: MappingServiceDeps) {}

  async getMappingView(): Promise<MappingView> {
    const local = readLocalCatalog(this.d.practice);
    const remote = await readRemoteCatalog(this.d.api, this.d.now());
    const mapping = this.d.repos.mapping.getMapping();
    return { local, remote, mapping, suggestions: suggest(local, remote, mapping) };
  }

  exportMapping(): Mapping {
    return this.d.repos.mapping.getMapping();
  }

  importMapping(json: unknown): Promise<SaveResult> {
    return this.saveMapping(typeof json === 'string' ? safeJson(json) : json);
  }

  async saveMapping(input: unknown): Promise<SaveResult> {
    const parsed = MappingSchema.safeParse(input);
    if (!parsed.success) {
      const fields = new FieldErrors();
      for (const i of parsed.error.issues)
        fields.set(i.path.join('.') || '(mapping)', i.message, 'field.invalid');
      return fail(fields, 'The mapping is not complete.', 'mapping.incomplete');
    }
    const m = parsed.data;
    const remote = await readRemoteCatalog(this.d.api, this.d.now());
    if (remote.error)
      return fail(
        new FieldErrors(),
        `Docplanner could not be read to check the mapping: ${remote.error}`,
        'mapping.remote-unreadable',
        { error: remote.errorCode ?? 'internal' },
      );
    const fields = validate(m, remote, readLocalCatalog(this.d.practice));
    if (fields.size > 0)
      return fail(fields, 'Some links are not valid; see the marked fields.', 'mapping.invalid-links');
    const before = this.d.repos.mapping.getMapping();
    this.d.repos.mapping.replaceMapping(m, this.d.now());
    const changed = changedAddresses(before, m);
    this.d.repos.audit.append({
      at: this.d.now(),
      direction: 'local',
      operation: 'saveMapping',
      addressKey: null,
      outcome: 'ok',
      summary: `Mapping saved: ${m.addresses.length} calendar(s), ${m.services.length} service link(s), ${m.insurances.length} insurance link(s)`,
      code: 'activity.mapping-saved',
      params: { count: m.addresses.length, services: m.services.length, insurances: m.insurances.length },
    });
    this.d.onMappingSaved?.(changed);
    return { ok: true, errors: {}, message: 'Mapping saved.', code: 'mapping.saved', params: {} };
  }

  /** Creates an address service on Docplanner from a dictionary service and links the local service to it. */
  async createAddressService(req: {
    addressKey: string;
    localServiceId: string;
    serviceId: string;
  }): Promise<SaveResult> {
    const link = this.d.repos.mapping.getAddress(req.addressKey);
    if (!link)
      return fail(
        fieldError(
          'addressKey',
          'This calendar is not mapped to a Docplanner address.',
          'field.calendar-not-mapped',
        ),
        'Not mapped.',
        'mapping.not-mapped',
      );
    const local = this.d.practice.listServices().find((s) => s.id === req.localServiceId);
    if (!local)
      return fail(
        fieldError('localServiceId', 'No such practice service.', 'field.no-practice-service'),
        'Unknown practice service.',
        'mapping.unknown-service',
      );
    try {
      const created = await this.d.api.addAddressService(
        link.ref,
        {
          service_id: req.serviceId,
          ...(local.defaultDurationMinutes ? { default_duration: local.defaultDurationMinutes } : {}),
        },
        { priority: 2 },
      );
      this.d.repos.mapping.setServiceLink(req.addressKey, req.localServiceId, created.id, this.d.now());
      this.d.repos.audit.append({
        at: this.d.now(),
        direction: 'out',
        operation: 'addAddressService',
        addressKey: req.addressKey,
        outcome: 'ok',
        summary: `Created the Docplanner service "${created.name}" for ${local.name}`,
        code: 'activity.service-created',
        params: { service: created.name, local: local.name },
      });
      this.d.onMappingSaved?.([req.addressKey]);
      return {
        ok: true,
        errors: {},
        message: `Created "${created.name}" and linked it.`,
        code: 'mapping.service-created',
        params: { service: created.name },
      };
    } catch (e) {
      const error = errorCodeOf(e) ?? 'internal';
      return fail(
        fieldError('serviceId', plainError(e), 'field.error', { error }),
        `Docplanner did not create the service: ${plainError(e)}`,
        'mapping.create-failed',
        { error },
      );
    }
  }

  /** Re-reads the address services of every mapped address; a linked one that vanished becomes a conflict. */
  async checkMappedServices(): Promise<{ vanished: number; error: string | null }> {
    let vanished = 0;
    try {
      for (const a of this.d.repos.mapping.listAddresses()) {
        const links = this.d.repos.mapping.serviceLinks(a.addressKey);
        if (links.size === 0) continue;
        const ids = new Set((await this.d.api.getAddressServices(a.ref, { priority: 2 })).map((s) => s.id));
        const byService = new Map<string, string[]>();
        for (const [localId, asId] of links)
          if (!ids.has(asId)) byService.set(asId, [...(byService.get(asId) ?? []), localId]);
        const names = new Map(this.d.practice.listServices().map((s) => [s.id, s.name]));
        for (const [asId, localIds] of byService) {
          vanished++;
          this.d.conflicts.raise(
            mappingVanished({
              context: {
                addressKey: a.addressKey,
                inboxId: null,
                ref: a.ref,
                what: 'address-service',
                addressServiceId: asId,
                localServiceIds: localIds,
                service: null,
              },
              localServiceNames: localIds.map((id) => names.get(id) ?? id),
            }),
          );
        }
      }
      return { vanished, error: null };
    } catch (e) {
      return { vanished, error: plainError(e) };
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function validate(
  m: Mapping,
  remote: RemoteCatalog,
  local: ReturnType<typeof readLocalCatalog>,
): FieldErrors {
  const errors = new FieldErrors();
  const addresses = new Map<string, { facilityId: string; doctorId: string }>();
  for (const f of remote.facilities) {
    for (const d of f.doctors)
      for (const a of d.addresses) addresses.set(a.id, { facilityId: f.id, doctorId: d.id });
  }
  const localKeys = new Set(local.addresses.map((a) => addressKeyId(a)));
  const seenRemote = new Map<string, number>();
  const seenLocal = new Map<string, number>();
  const mappedKeys = new Map<string, string>();
  m.addresses.forEach((a, i) => {
    const key = addressKeyId(a.local);
    const where = addresses.get(a.addressId);
    if (!localKeys.has(key))
      errors.set(
        `addresses.${i}.local`,
        'This doctor and location have no schedule in the practice system.',
        'field.no-schedule',
      );
    if (!where)
      errors.set(
        `addresses.${i}.addressId`,
        'This Docplanner address does not exist or is not visible to this account.',
        'field.address-unknown',
      );
    else if (where.facilityId !== a.facilityId || where.doctorId !== a.doctorId) {
      errors.set(
        `addresses.${i}.addressId`,
        'This address does not belong to the chosen facility and doctor.',
        'field.address-mismatch',
      );
    }
    if (seenRemote.has(a.addressId))
      errors.set(
        `addresses.${i}.addressId`,
        'This Docplanner address is already mapped to another calendar.',
        'field.address-taken',
      );
    if (seenLocal.has(key))
      errors.set(`addresses.${i}.local`, 'This calendar is mapped twice.', 'field.calendar-twice');
    seenRemote.set(a.addressId, i);
    seenLocal.set(key, i);
    mappedKeys.set(key, a.addressId);
  });
  const localServices = new Set(local.services.map((s) => s.id));
  m.services.forEach((s, i) => {
    const addressId = mappedKeys.get(s.addressKey);
    if (!addressId)
      errors.set(
        `services.${i}.addressKey`,
        'This calendar is not mapped to a Docplanner address.',
        'field.calendar-not-mapped',
      );
    else if (!(remote.addressServices[addressId] ?? []).some((x) => x.id === s.addressServiceId)) {
      errors.set(
        `services.${i}.addressServiceId`,
        'This Docplanner service does not belong to the mapped address.',
        'field.service-not-of-address',
      );
    }
    if (!localServices.has(s.localServiceId))
      errors.set(`services.${i}.localServiceId`, 'No such practice service.', 'field.no-practice-service');
  });
  const providers = new Set(remote.insuranceProviders.map((p) => p.id));
  m.insurances.forEach((x, i) => {
    if (!providers.has(x.insuranceProviderId))
      errors.set(
        `insurances.${i}.insuranceProviderId`,
        'No such Docplanner insurance provider.',
        'field.no-insurance-provider',
      );
  });
  return errors;
}

function changedAddresses(before: Mapping, after: Mapping): string[] {
  const sig = (m: Mapping, key: string) =>
    JSON.stringify([
      m.addresses.find((a) => addressKeyId(a.local) === key) ?? null,
      m.services
        .filter((s) => s.addressKey === key)
        .sort((a, b) => a.localServiceId.localeCompare(b.localServiceId)),
      m.insurances,
    ]);
  const keys = new Set([...before.addresses, ...after.addresses].map((a) => addressKeyId(a.local)));
  return [...keys].filter((k) => sig(before, k) !== sig(after, k));
}

function suggest(
  local: ReturnType<typeof readLocalCatalog>,
  remote: RemoteCatalog,
  mapping: Mapping,
): Mapping {
  const out: Mapping = { addresses: [], services: [], insurances: [] };
  const mappedLocal = new Set(mapping.addresses.map((a) => addressKeyId(a.local)));
  const mappedRemote = new Set(mapping.addresses.map((a) => a.addressId));
  const doctors = remote.facilities.flatMap((f) => f.doctors.map((d) => ({ f, d })));
  const doctorName = new Map(local.doctors.map((d) => [d.id, d.name]));
  const locationName = new Map(local.locations.map((l) => [l.id, l.name]));
  for (const a of local.addresses) {
    if (mappedLocal.has(addressKeyId(a))) continue;
    const doc = bestMatch(doctorName.get(a.doctorId) ?? a.label, doctors, (x) => x.d.name);
    if (!doc) continue;
    const free = doc.d.addresses.filter((x) => !mappedRemote.has(x.id));
    const addr =
      free.length === 1
        ? free[0]!
        : bestMatch(locationName.get(a.locationId) ?? '', free, (x) => x.name, 0.3);
    if (!addr) continue;
    mappedRemote.add(addr.id);
    out.addresses.push({
      local: { doctorId: a.doctorId, locationId: a.locationId },
      facilityId: doc.f.id,
      doctorId: doc.d.id,
      addressId: addr.id,
    });
  }
  for (const a of [...mapping.addresses, ...out.addresses]) {
    const key = addressKeyId(a.local);
    const candidates = remote.addressServices[a.addressId] ?? [];
    for (const s of local.services) {
      if (mapping.services.some((x) => x.addressKey === key && x.localServiceId === s.id)) continue;
      const best = bestMatch(s.name, candidates, (c) => c.name);
      if (best) out.services.push({ addressKey: key, localServiceId: s.id, addressServiceId: best.id });
    }
  }
  for (const i of local.insurances) {
    if (mapping.insurances.some((x) => x.localInsuranceId === i.id)) continue;
    const best = bestMatch(i.name, remote.insuranceProviders, (p) => p.name);
    if (best)
      out.insurances.push({ localInsuranceId: i.id, insuranceProviderId: best.id, insurancePlanId: null });
  }
  return out;
}
