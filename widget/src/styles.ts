/**
 * The widget's styles, inside its shadow root: nothing leaks to the host page and the page's CSS
 * reaches nothing but the host element (which resets every inherited property). `--accent` is the
 * channel's colour (`data-color`); text on it is white.
 */
export const STYLES = `
:host{all:initial;display:block;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;--accent:#1f5fd1}
*{box-sizing:border-box}
button,input,textarea{font:inherit;color:inherit}
.launcher{width:56px;height:56px;border-radius:50%;border:0;background:var(--accent);color:#fff;cursor:pointer;display:grid;place-items:center;box-shadow:0 6px 20px rgba(0,0,0,.22);position:relative;margin-left:auto}
.launcher:focus-visible,.icon:focus-visible,.send:focus-visible,.link:focus-visible{outline:3px solid #111;outline-offset:2px}
.launcher svg{width:26px;height:26px}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#c62828;color:#fff;font-size:12px;font-weight:700;display:grid;place-items:center;padding:0 5px}
.badge[hidden]{display:none}
.panel{position:absolute;bottom:72px;right:0;width:370px;height:560px;max-height:calc(100vh - 110px);background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}
:host([data-side=left]) .panel{right:auto;left:0}
.panel[hidden]{display:none}
.head{background:var(--accent);color:#fff;padding:14px 14px 14px 18px;display:flex;align-items:center;gap:10px}
.head h2{font-size:16px;margin:0;font-weight:650}
.head p{margin:2px 0 0;font-size:13px;opacity:.92}
.head .grow{flex:1;min-width:0}
.icon{width:34px;height:34px;border:0;border-radius:8px;background:transparent;color:inherit;cursor:pointer;display:grid;place-items:center}
.icon:hover{background:rgba(255,255,255,.18)}
.banner{background:#fff4d6;color:#5c4300;font-size:13px;padding:6px 14px}
.banner[hidden]{display:none}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}
.row{display:flex;flex-direction:column;max-width:82%}
.row.me{align-self:flex-end;align-items:flex-end}
.who{font-size:12px;color:#57606a;margin:0 4px 2px}
.bubble{padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e3e6ea}
.me .bubble{background:var(--accent);color:#fff;border-color:transparent}
.bubble.pic{padding:4px}
.bubble img{display:block;max-width:100%;max-height:240px;min-width:48px;min-height:48px;border-radius:10px;background:#e9ecef}
.cap{padding:4px 8px 2px}
.doc{color:inherit;text-decoration:underline;overflow-wrap:anywhere;display:inline-flex;align-items:center;gap:6px}
.doc svg{flex:none}
.meta{font-size:11.5px;color:#57606a;margin:2px 4px 0}
.link{border:0;background:none;padding:0;color:#b3261e;cursor:pointer;text-decoration:underline;font-size:12px}
.typing{align-self:flex-start;background:#fff;border:1px solid #e3e6ea;border-radius:14px;padding:10px 12px;display:flex;gap:4px}
.typing[hidden]{display:none}
.typing i{width:7px;height:7px;border-radius:50%;background:#6e7781;animation:b 1.2s infinite ease-in-out}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes b{0%,60%,100%{transform:translateY(0);opacity:.5}30%{transform:translateY(-4px);opacity:1}}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}}
.mail{margin:0;padding:10px 14px;border-top:1px solid #e3e6ea;background:#fff;font-size:13px}
.mail[hidden]{display:none}
.mail form{display:flex;gap:6px;margin-top:6px}
.mail form[hidden]{display:none}
.mail input{flex:1;min-width:0;border:1px solid #8c959f;border-radius:8px;padding:6px 8px}
.mail .err{color:#b3261e;margin:4px 0 0}
.btn{border:0;border-radius:8px;padding:6px 12px;background:var(--accent);color:#fff;cursor:pointer}
.btn.plain{background:none;color:#3d444d;text-decoration:underline;padding:6px 4px}
.compose{display:flex;gap:8px;align-items:flex-end;padding:10px;border-top:1px solid #e3e6ea;background:#fff}
.compose textarea{flex:1;resize:none;border:1px solid #8c959f;border-radius:10px;padding:8px 10px;max-height:120px;min-height:38px;outline:none}
.compose textarea:focus{border-color:var(--accent);box-shadow:0 0 0 2px color-mix(in srgb,var(--accent) 30%,transparent)}
.clip{width:38px;height:38px;border:0;border-radius:10px;background:none;color:#57606a;cursor:pointer;display:grid;place-items:center;flex:none}
.clip:hover{background:#eef0f3}
.clip:focus-visible,.doc:focus-visible{outline:3px solid #111;outline-offset:2px}
.note{margin:0;padding:6px 14px;background:#fdecea;color:#8a1c12;font-size:13px}
.note[hidden]{display:none}
.send{width:38px;height:38px;border:0;border-radius:10px;background:var(--accent);color:#fff;cursor:pointer;display:grid;place-items:center;flex:none}
.send:disabled{opacity:.5;cursor:default}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;max-height:none;border-radius:0}.panel:not([hidden])~.launcher{display:none}}
`;
