// The demo clinic seeded by `npm run simulator -- --seed-demo`: one facility, two doctors with premium addresses
// and named services (names matter: mapping suggestions match by name), one basic address, a small dictionary.
import type { SeedSpec } from './estate';

export function demoSeed(): SeedSpec {
  return {
    services: [
      { id: '101', name: 'Konsultacja internistyczna' },
      { id: '102', name: 'Kontrola' },
      { id: '103', name: 'USG jamy brzusznej' },
      { id: '104', name: 'EKG' },
    ],
    insurance_providers: [{ id: '13', name: 'NFZ', plans: [] }],
    facilities: [
      {
        id: '1001',
        name: 'Przychodnia Demo',
        doctors: [
          {
            id: '2001',
            name: 'Anna',
            surname: 'Nowak',
            addresses: [
              {
                id: '3001',
                name: 'Gabinet 1',
                services: [
                  { id: '4001', service_id: '101', duration: 30, price: 150 },
                  { id: '4002', service_id: '102', duration: 15, price: 80 },
                ],
              },
            ],
          },
          {
            id: '2002',
            name: 'Piotr',
            surname: 'Zieliński',
            addresses: [
              {
                id: '3002',
                name: 'Gabinet USG',
                services: [
                  { id: '4003', service_id: '103', duration: 20, price: 200 },
                  { id: '4004', service_id: '104', duration: 10, price: 60 },
                ],
              },
              { id: '3003', name: 'Filia (basic)', commercial_type: 'basic', calendar: 'disabled' },
            ],
          },
        ],
      },
    ],
  };
}
