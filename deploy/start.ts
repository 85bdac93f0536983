// `npm start`: the main job — the whole protocol on a local chain (deploy/main-job/main.ts; `npm start -- --help`).
import "./main-job/main";
