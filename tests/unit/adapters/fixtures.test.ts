import { adapters } from '../../../src/adapters';
import { describeAdapterFixtures } from '../../helpers/adapter-fixtures';

// Every registered adapter against every saved page of its CRM (the generic adapter is mapped by users: no fixtures).
for (const adapter of adapters.filter((candidate) => candidate.id !== 'generic')) describeAdapterFixtures(adapter);
