import { editionStoreContract } from './edition-store.contract.ts';
import { MemoryEditionStore } from './memory-edition-store.ts';

editionStoreContract('MemoryEditionStore', async () => new MemoryEditionStore());
