/** The portal pages' style sheet, inlined in each page (the pages load nothing else). */
export const PORTAL_STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#32324d;background:#f6f6f9;margin:0}
main{max-width:760px;margin:40px auto;padding:32px;background:#fff;border-radius:4px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
h1{font-size:1.5rem;margin:0 0 8px}p{color:#666687}table{width:100%;border-collapse:collapse;margin-top:24px}
th,td{padding:10px 8px;border-bottom:1px solid #eaeaef;text-align:left}td.amount,th.amount{text-align:right}a{color:#4945ff}
tr.invoice td{border-bottom:0}td.actions{padding-top:0}details{margin:4px 0}summary{cursor:pointer;color:#4945ff}
form{margin:8px 0}a.pay{display:inline-block;margin-right:8px;padding:6px 12px;border-radius:4px;background:#4945ff;color:#fff;text-decoration:none}nav.paging{margin-top:16px;display:flex;gap:16px;align-items:center}label{display:block;margin:6px 0;color:#32324d}input,select,textarea{font:inherit;padding:4px;max-width:100%}
button{font:inherit;padding:6px 12px;border:0;border-radius:4px;background:#4945ff;color:#fff;cursor:pointer}
.tag{display:inline-block;padding:2px 8px;margin-right:8px;border-radius:4px;background:#eaeaef}.notice{padding:12px;border-radius:4px;background:#eafbe7;color:#2f6846}`;
