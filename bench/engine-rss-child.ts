// Child-process entry of engine-rss.ts: reads its input from argv, prints one JSON line.
import { runChild, type EngineRssInput } from './engine-rss';

const out = await runChild(JSON.parse(process.argv[2]!) as EngineRssInput);
console.log(JSON.stringify(out));
process.exit(0);
