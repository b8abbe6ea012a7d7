// Reloads the page's main part every few seconds while it is shown, in place: no flicker,
// no lost scroll position, and nothing else to build.
(() => {
  const main = document.querySelector("main[data-refresh]");
  if (!main) return;
  setInterval(async () => {
    if (document.hidden) return;
    const answer = await fetch(location.href, { credentials: "same-origin" }).catch(() => null);
    if (!answer || !answer.ok || answer.redirected) return;
    const next = new DOMParser().parseFromString(await answer.text(), "text/html").querySelector("main");
    if (next) main.innerHTML = next.innerHTML;
  }, 1000 * Number(main.dataset.refresh));
})();
