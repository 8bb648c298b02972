// Mapping slice: the MappingView from the engine, an editable draft of the links, suggestions accepted into
// the draft, and saving (SaveResult field errors are kept by field path, e.g. "services.2.addressServiceId", with
// their message codes so the screen shows them in the UI language).
import type {
  BridgeApi,
  Mapping,
  MappingView,
  MessageRef,
  SaveResult,
  ServiceLink,
} from '../../shared/bridge';
import { addressKeyId, type LocalAddressKey } from '../../shared/canonical';
import { attempt, errorNotice, notLoaded, resultNotice, type Load, type Notice, type Result } from './load';
import type { SliceCreator } from './store';

export interface RemoteAddressChoice {
  facilityId: string;
  doctorId: string;
  addressId: string;
}

export interface MappingSlice {
  mapping: Load<MappingView>;
  mappingDraft: Mapping | null;
  mappingErrors: Record<string, string>;
  /** The codes of `mappingErrors`, by the same paths. */
  mappingErrorCodes: Record<string, MessageRef>;
  mappingNotice: Notice | null;
  mappingSaving: boolean;
  /** The draft has edits that are not saved yet (kept when the receptionist switches screens). */
  mappingDirty: boolean;
  loadMapping(): Promise<void>;
  linkAddress(local: LocalAddressKey, remote: RemoteAddressChoice | null): void;
  linkService(addressKey: string, localServiceId: string, addressServiceId: string | null): void;
  linkInsurance(localInsuranceId: string, insuranceProviderId: string | null): void;
  acceptAllSuggestions(): void;
  saveMapping(): Promise<void>;
  createAddressService(input: {
    addressKey: string;
    localServiceId: string;
    serviceId: string;
  }): Promise<Result<SaveResult>>;
}

const sameAddress = (a: LocalAddressKey, b: LocalAddressKey) => addressKeyId(a) === addressKeyId(b);

/** Replaces the item that `matches` or appends it; with `item` null, removes it. */
function upsert<T>(list: T[], matches: (x: T) => boolean, item: T | null): T[] {
  const index = list.findIndex(matches);
  if (item === null) return list.filter((x) => !matches(x));
  if (index === -1) return [...list, item];
  return list.map((x, i) => (i === index ? item : x));
}

/** The draft with every suggestion added (suggestions only exist for what is not mapped yet). */
export function withSuggestions(draft: Mapping, suggestions: Mapping): Mapping {
  let next = draft;
  for (const s of suggestions.addresses) {
    next = { ...next, addresses: upsert(next.addresses, (a) => sameAddress(a.local, s.local), s) };
  }
  for (const s of suggestions.services) {
    const match = (x: typeof s) => x.addressKey === s.addressKey && x.localServiceId === s.localServiceId;
    next = { ...next, services: upsert(next.services, match, s) };
  }
  for (const s of suggestions.insurances) {
    const match = (x: typeof s) => x.localInsuranceId === s.localInsuranceId;
    next = { ...next, insurances: upsert(next.insurances, match, s) };
  }
  return next;
}

export const createMappingSlice =
  (bridge: BridgeApi): SliceCreator<MappingSlice> =>
  (set, get) => {
    function edit(change: (draft: Mapping) => Mapping, removed: boolean): void {
      const draft = get().mappingDraft;
      if (!draft) return;
      // Field errors are keyed by index; a removal shifts indexes, so old errors would point at the wrong row.
      set((s) => ({
        mappingDraft: change(draft),
        mappingErrors: removed ? {} : s.mappingErrors,
        mappingErrorCodes: removed ? {} : s.mappingErrorCodes,
        mappingDirty: true,
      }));
    }

    return {
      mapping: notLoaded(),
      mappingDraft: null,
      mappingErrors: {},
      mappingErrorCodes: {},
      mappingNotice: null,
      mappingSaving: false,
      mappingDirty: false,
      async loadMapping() {
        set((s) => ({ mapping: { ...s.mapping, phase: 'loading' } }));
        const result = await attempt(() => bridge.getMapping(undefined));
        if (result.ok) {
          set({
            mapping: { phase: 'ready', data: result.value, error: null },
            mappingDraft: result.value.mapping,
            mappingDirty: false,
            mappingErrors: {},
            mappingErrorCodes: {},
          });
        } else {
          set((s) => ({ mapping: { ...s.mapping, phase: 'error', error: result.error } }));
        }
      },
      linkAddress(local, remote) {
        edit(
          (d) => ({
            ...d,
            addresses: upsert(
              d.addresses,
              (a) => sameAddress(a.local, local),
              remote && { local, ...remote },
            ),
          }),
          remote === null,
        );
      },
      linkService(addressKey, localServiceId, addressServiceId) {
        const match = (x: ServiceLink) => x.addressKey === addressKey && x.localServiceId === localServiceId;
        edit(
          (d) => ({
            ...d,
            services: upsert(
              d.services,
              match,
              addressServiceId ? { addressKey, localServiceId, addressServiceId } : null,
            ),
          }),
          addressServiceId === null,
        );
      },
      linkInsurance(localInsuranceId, insuranceProviderId) {
        edit(
          (d) => ({
            ...d,
            insurances: upsert(
              d.insurances,
              (x) => x.localInsuranceId === localInsuranceId,
              insuranceProviderId ? { localInsuranceId, insuranceProviderId, insurancePlanId: null } : null,
            ),
          }),
          insuranceProviderId === null,
        );
      },
      acceptAllSuggestions() {
        const view = get().mapping.data;
        if (view) edit((d) => withSuggestions(d, view.suggestions), false);
      },
      async saveMapping() {
        const draft = get().mappingDraft;
        if (!draft) return;
        set({ mappingSaving: true, mappingNotice: null });
        const result = await attempt(() => bridge.saveMapping(draft));
        if (!result.ok) {
          set({ mappingSaving: false, mappingNotice: errorNotice(result.error) });
          return;
        }
        set({
          mappingSaving: false,
          mappingDirty: !result.value.ok,
          mappingErrors: result.value.errors,
          mappingErrorCodes: result.value.errorCodes ?? {},
          mappingNotice: resultNotice(result.value),
        });
      },
      async createAddressService(input) {
        const result = await attempt(() => bridge.createAddressService(input));
        set({
          mappingNotice: result.ok ? resultNotice(result.value) : errorNotice(result.error),
        });
        if (result.ok && result.value.ok) {
          const notice = get().mappingNotice;
          const { mappingDraft: draft, mappingDirty: dirty } = get();
          await get().loadMapping();
          // Keep the receptionist's unsaved edits; take only the new service's link from the engine, if any.
          const created = get().mapping.data?.mapping.services.find(
            (x) => x.addressKey === input.addressKey && x.localServiceId === input.localServiceId,
          );
          set({ mappingNotice: notice, mappingDraft: draft, mappingDirty: dirty });
          if (created)
            get().linkService(created.addressKey, created.localServiceId, created.addressServiceId);
        }
        return result;
      },
    };
  };
