// Runs in every benchmark page before the page's own scripts (Playwright's addInitScript), in the page's main world.
// Plain JavaScript, sent as text: nothing a TypeScript build adds may leak into it.
//
// It records long tasks and Deal Hygiene's own timeline entries (`deal-hygiene:read` / `deal-hygiene:draw`, which the
// content script puts on the page's performance timeline: content scripts share it), notes when the popup shows a
// verdict, and plays Lightning's router for the single-page navigation benchmark.
(() => {
  const bench = { longTasks: [], measures: [], verdictShownAt: null, recordTemplate: null, drawListeners: new Set() };
  Object.defineProperty(window, '__dealHygieneBench', { value: bench });

  const observe = (type, into, filter) => {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (filter && !filter(entry)) continue;
          const record = { name: entry.name, start: entry.startTime, duration: entry.duration };
          into.push(record);
          if (record.name === 'deal-hygiene:draw') for (const listener of [...bench.drawListeners]) listener(record);
        }
      }).observe({ type, buffered: true });
    } catch {
      // entry type not supported by this browser: the figures that need it say so
    }
  };
  observe('longtask', bench.longTasks);
  observe('measure', bench.measures, (entry) => entry.name.startsWith('deal-hygiene:'));

  // The popup: when the hygiene score of the tab's deal is in the DOM.
  if (location.protocol === 'chrome-extension:') {
    const seen = new MutationObserver(() => {
      if (bench.verdictShownAt === null && document.querySelector('.score__value')) {
        bench.verdictShownAt = performance.now();
        seen.disconnect();
      }
    });
    seen.observe(document, { childList: true, subtree: true });
  }

  /** Elements matching `selector` under `root`, in open shadow roots too (badges may sit next to a field there). */
  bench.deepCount = (root, selector) => {
    let count = 0;
    const visit = (node) => {
      count += node.querySelectorAll(selector).length;
      for (const element of node.querySelectorAll('*')) if (element.shadowRoot) visit(element.shadowRoot);
    };
    if (root) visit(root);
    return count;
  };

  /**
   * Resolves true once at least `count` badges matching `selector` are in the active view, false after `timeoutMs`.
   * Looks when the content script says it drew (its timeline entry), not by polling the DOM: walking a 500-row page
   * for shadow roots every few milliseconds would cost the page more than the extension does. A slow poll covers a
   * build without the timeline entries.
   */
  bench.whenBadges = (selector, count, timeoutMs) =>
    new Promise((resolve) => {
      const enough = () => bench.deepCount(bench.activeView() ?? document, selector) >= count;
      if (enough()) {
        resolve(true);
        return;
      }
      const check = () => {
        if (enough()) done(true);
      };
      const done = (result) => {
        bench.drawListeners.delete(check);
        clearInterval(slowPoll);
        clearTimeout(timer);
        resolve(result);
      };
      bench.drawListeners.add(check);
      const slowPoll = setInterval(check, 2000);
      const timer = setTimeout(() => done(enough()), timeoutMs);
    });

  bench.activeView = () => {
    const views = [...document.querySelectorAll('.windowViewMode-normal.active, .windowViewMode-maximized.active')];
    return views[views.length - 1] ?? null;
  };

  /** Fetches a record page of the same origin and keeps its record view, to swap in as Lightning would. */
  bench.prepareRecordTemplate = async (url) => {
    const html = await (await fetch(url)).text();
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    bench.recordTemplate = parsed.querySelector('.windowViewMode-normal.active');
    return bench.recordTemplate !== null;
  };

  /** Lightning keeps a few earlier views in the DOM; the benchmark keeps none but the active one between runs. */
  bench.dropHiddenViews = () => {
    const active = bench.activeView();
    if (!active) return;
    for (const view of active.parentNode.querySelectorAll(':scope > .windowViewMode-normal:not(.active)')) view.remove();
  };

  /**
   * Single-page navigation to `path`: the URL changes (pushState) and, in the same task, the new record's view with its
   * fields enters the DOM. Resolves with when the fields entered and when the badges for them were drawn: the end of
   * the content script's `deal-hygiene:draw` that left badges in the new view or, if the timeline has no such entry,
   * the moment a badge host was seen entering the new view's light DOM.
   */
  bench.navigate = (path, timeoutMs) =>
    new Promise((resolve) => {
      const current = bench.activeView();
      const next = document.importNode(bench.recordTemplate, true);
      let fieldsAt = 0;
      let seenAt = null;
      let finished = false;
      const finish = (badgesAt, via) => {
        if (finished) return;
        finished = true;
        bench.drawListeners.delete(onDraw);
        watcher.disconnect();
        clearTimeout(timer);
        resolve({ fieldsAt, badgesAt, via, measures: bench.measures.filter((entry) => entry.start >= fieldsAt) });
      };
      const onDraw = (entry) => {
        if (entry.start >= fieldsAt && bench.deepCount(next, '[data-deal-hygiene]') > 0) finish(entry.start + entry.duration, 'timeline');
      };
      bench.drawListeners.add(onDraw);
      const watcher = new MutationObserver((records) => {
        if (seenAt !== null) return;
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node.nodeType === 1 && node.hasAttribute('data-deal-hygiene') && next.contains(node)) seenAt = performance.now();
          }
        }
      });
      watcher.observe(next, { childList: true, subtree: true });
      const timer = setTimeout(() => finish(seenAt, seenAt === null ? 'timeout' : 'mutation'), timeoutMs);
      history.pushState({}, '', path);
      fieldsAt = performance.now();
      current.classList.remove('active');
      current.style.display = 'none';
      current.parentNode.appendChild(next);
    });
})();
