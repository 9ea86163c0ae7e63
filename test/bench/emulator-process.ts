/**
 * The benchmark's X API, in a process of its own as the real API would be: seeds the mentions and
 * prints its base URL on stdout. Usage: tsx test/bench/emulator-process.ts <messages>
 */
import { XEmulator } from '../../connectors/x/emulator.js';
import { BENCH_ACCOUNT, seedBenchMentions } from './seed.js';

const emulator = new XEmulator();
const url = await emulator.start();
emulator.addAccount(BENCH_ACCOUNT);
seedBenchMentions(emulator, Number(process.argv[2] ?? 20_000));
process.stdout.write(`${url}\n`);
process.on('SIGTERM', () => void emulator.stop().then(() => process.exit(0)));
