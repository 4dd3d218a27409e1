() => {
  const problems = [];
  const se = document.scrollingElement;
  if (se.scrollWidth > se.clientWidth + 1) problems.push(`page scrolls sideways: scrollWidth ${se.scrollWidth} > ${se.clientWidth}`);
  const vw = se.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) { const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return a; } return null; };
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;   // visually hidden text for screen readers
    if (r.right > vw + 1 && r.left < vw && !scrolls(el)) problems.push(`${name(el)} "${own.slice(0, 40)}" sticks out to ${Math.round(r.right)} px (viewport ${vw})`);
    // clipped: an ancestor (or the element) hides overflow and the text does not fit in it
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      const clipX = ['hidden', 'clip'].includes(cs.overflowX), clipY = ['hidden', 'clip'].includes(cs.overflowY);
      if (!clipX && !clipY) continue;
      const ar = a.getBoundingClientRect();
      if (ar.width <= 1 || ar.height <= 1) break;
      if ((clipX && (r.left < ar.left - 1 || r.right > ar.right + 1)) || (clipY && (r.top < ar.top - 1 || r.bottom > ar.bottom + 1)) ||
          (a === el && ((clipX && el.scrollWidth > el.clientWidth + 1) || (clipY && el.scrollHeight > el.clientHeight + 1)))) {
        problems.push(`${name(el)} "${own.slice(0, 40)}" is cut off by ${name(a)}`);
      }
      break;
    }
  }
  return problems;
}
