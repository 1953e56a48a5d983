/**
 * The patient page as plain server-rendered HTML: one small inline style sheet, no script, forms that
 * post back with a CSRF field. Mobile first (one column, large touch targets); `lang` on the page;
 * every control labelled; messages in role="alert" so screen readers hear them.
 */
import { DateTime } from 'luxon';
import { weekdays } from '../../domain/booking/booking-choices.js';
import { preferredChannels } from '../../domain/compliance/index.js';
import type { LinkView, PageLanguage } from '../../use-cases/booking/patient-link.js';
import { pageText, type PageText } from './page-text.js';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const style = `*{box-sizing:border-box}body{font:17px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f6f7f9}
main{max-width:34rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid #d5d9e0;border-radius:8px;padding:1rem;margin:0 0 1rem}
label,legend{display:block;font-weight:600;margin:.5rem 0 .25rem}fieldset{border:0;margin:0 0 .5rem;padding:0}
.opt{display:flex;align-items:center;gap:.6rem;font-weight:400;padding:.45rem 0;min-height:44px}.opt input{width:1.3rem;height:1.3rem;margin:0}
input[type=date],input[type=text],select{font:inherit;width:100%;padding:.6rem;border:1px solid #767b85;border-radius:6px;min-height:44px}
button{font:inherit;font-weight:600;width:100%;min-height:48px;margin-top:.75rem;border:0;border-radius:6px;background:#0b5cad;color:#fff}
button.quiet{background:#fff;color:#0b5cad;border:2px solid #0b5cad}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}.alert{background:#fff4e5;border-left:4px solid #b54708;padding:.6rem .8rem;margin:0 0 1rem}
.top{display:flex;justify-content:space-between;align-items:center;gap:1rem}.top a{color:#0b5cad;font-weight:600;padding:.5rem 0}p{margin:.25rem 0 .75rem}`;

export interface PageContext {
  token: string;
  csrf: string;
  language: PageLanguage;
}

function shell(language: PageLanguage, body: string, switchHref: string | null): string {
  const t = pageText[language];
  const switcher = switchHref ? `<a href="${escapeHtml(switchHref)}" lang="${t.switchLang}" hreflang="${t.switchLang}">${t.switchTo}</a>` : '';
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><title>${t.title}</title><style>${style}</style></head><body><main><div class="top"><span></span>${switcher}</div>${body}</main></body></html>`;
}

const hidden = (ctx: PageContext) => `<input type="hidden" name="csrf" value="${escapeHtml(ctx.csrf)}"><input type="hidden" name="lang" value="${ctx.language}">`;
const form = (ctx: PageContext, action: string, inner: string) => `<form method="post" action="/b/${escapeHtml(ctx.token)}/${action}">${hidden(ctx)}${inner}</form>`;
const alert = (text: string) => `<p class="alert" role="alert">${escapeHtml(text)}</p>`;
const local = (at: Date, zone: string, language: PageLanguage, format: string) => DateTime.fromJSDate(at, { zone }).setLocale(language).toFormat(format);
const timeWords = (at: Date, zone: string, language: PageLanguage) => local(at, zone, language, language === 'es' ? "cccc d 'de' LLLL, H:mm" : 'cccc, LLLL d, h:mm a');

export function renderClosedPage(language: PageLanguage): string {
  const t = pageText[language];
  return shell(language, `<h1 tabindex="-1">${t.closedHeading}</h1><p>${t.closedBody}</p>`, null);
}

export function renderMessagePage(language: PageLanguage, message: (t: PageText) => string): string {
  return shell(language, `<h1 tabindex="-1">${escapeHtml(message(pageText[language]))}</h1>`, null);
}

export function renderPatientPage(view: LinkView, ctx: PageContext): string {
  if (view.kind === 'closed') return renderClosedPage(ctx.language);
  const language = view.language;
  const t = pageText[language];
  const c = { ...ctx, language };
  const switchHref = `/b/${ctx.token}?lang=${t.switchLang}`;
  const greeting = `<p>${escapeHtml(view.practiceName)}</p><h1 tabindex="-1">${escapeHtml(t.hello(view.firstName))}</h1>`;
  switch (view.kind) {
    case 'locked':
      return shell(language, `${greeting}<section><h2>${t.lockedHeading}</h2>${alert(t.lockedBody)}</section>`, switchHref);
    case 'identify': {
      const problem = view.problem === 'wrong_answer' ? alert(t.wrongAnswer(view.triesLeft)) : view.problem === 'code_not_sent' ? alert(t.codeNotSent) : '';
      const dob = form(c, 'confirm', `<label for="dob">${t.dateOfBirth}</label><input id="dob" name="dob" type="date" required autocomplete="bday"${view.problem === 'wrong_answer' ? ' aria-invalid="true" autofocus' : ''}><button type="submit">${t.continue}</button>`);
      const code = view.codeSent
        ? form(c, 'confirm', `<p role="status">${t.codeSent}</p><label for="code">${t.code}</label><input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required><button type="submit">${t.confirmCode}</button>`)
        : view.canText ? form(c, 'code', `<p>${t.orCode}</p><button type="submit" class="quiet">${t.sendCode}</button>`) : '';
      return shell(language, `${greeting}${problem}<section><p>${t.identifyIntro}</p>${dob}</section>${code ? `<section>${code}</section>` : ''}`, switchHref);
    }
    case 'done': {
      const at = view.at ? timeWords(view.at, view.timeZone, language) : '';
      const words = view.what === 'picked' ? t.done.picked(at) : view.what === 'call' ? t.done.call(at) : t.done[view.what]();
      const phone = view.practicePhone ? `<p>${escapeHtml(t.callOffice(view.practicePhone))}</p>` : '';
      return shell(language, `<p>${escapeHtml(view.practiceName)}</p><h1 tabindex="-1">${t.doneHeading}</h1><section><p role="status">${escapeHtml(words)}</p>${phone}</section>`, null);
    }
    case 'open': return shell(language, `${greeting}${openSections(view, c, t)}`, switchHref);
  }
}

function openSections(view: Extract<LinkView, { kind: 'open' }>, c: PageContext, t: PageText): string {
  const language = c.language;
  const problem = view.problem === 'time_taken' ? alert(t.timeTaken) : view.problem === 'invalid_choice' ? alert(t.invalidChoice) : '';
  const prefs = preferencesSection(view, c, t);
  if (view.purpose === 'preferences') return `${problem}${prefs}`;
  const times = view.times.length === 0
    ? `<p>${t.noTimes}</p>`
    : form(c, 'pick', `<fieldset><legend>${t.pickIntro}</legend>${view.times.map((time, i) => `<label class="opt"><input type="radio" name="startsAt" value="${escapeHtml(time.startsAt)}" required${i === 0 ? ' checked' : ''}>${escapeHtml(timeWords(new Date(time.startsAt), view.timeZone, language))}</label>`).join('')}</fieldset><button type="submit">${t.requestTime}</button>`);
  const propose = form(c, 'propose', `<p>${t.proposeIntro}</p><fieldset><legend>${t.days}</legend>${weekdays.map((d) => `<label class="opt"><input type="checkbox" name="days" value="${d}">${t.weekdays[d]}</label>`).join('')}</fieldset><fieldset><legend>${t.partsOfDay}</legend>${(['morning', 'afternoon'] as const).map((p) => `<label class="opt"><input type="checkbox" name="parts" value="${p}">${t.parts[p]}</label>`).join('')}</fieldset><button type="submit">${t.sendProposal}</button>`);
  const dayOptions = view.callDays.map((d) => `<option value="${d}">${escapeHtml(DateTime.fromISO(d, { zone: view.timeZone }).setLocale(language).toFormat(language === 'es' ? "cccc d 'de' LLLL" : 'cccc, LLLL d'))}</option>`).join('');
  const hourOptions = view.callHours.map((h) => `<option value="${h}">${escapeHtml(DateTime.fromObject({ hour: h }).setLocale(language).toFormat(language === 'es' ? 'H:mm' : 'h:mm a'))}</option>`).join('');
  const call = form(c, 'call', `<label for="call-day">${t.day}</label><select id="call-day" name="day">${dayOptions}</select><label for="call-hour">${t.time}</label><select id="call-hour" name="hour">${hourOptions}</select><button type="submit">${t.requestCall}</button>`);
  const notNow = form(c, 'not-now', `<p>${t.notNowIntro}</p><button type="submit" class="quiet">${t.notNow}</button>`);
  return `${problem}<section aria-labelledby="h-pick"><h2 id="h-pick">${t.pickHeading}</h2>${times}</section>`
    + `<section aria-labelledby="h-propose"><h2 id="h-propose">${t.proposeHeading}</h2>${propose}</section>`
    + `<section aria-labelledby="h-call"><h2 id="h-call">${t.callHeading}</h2>${call}</section>`
    + `<section aria-labelledby="h-notnow"><h2 id="h-notnow">${t.notNowHeading}</h2>${notNow}</section>${prefs}`;
}

function preferencesSection(view: Extract<LinkView, { kind: 'open' }>, c: PageContext, t: PageText): string {
  const p = view.preferences;
  const radio = (name: string, value: string, label: string, checked: boolean) => `<label class="opt"><input type="radio" name="${name}" value="${value}"${checked ? ' checked' : ''}>${escapeHtml(label)}</label>`;
  const channel = `<fieldset><legend>${t.preferredChannel}</legend>${radio('channel', '', t.noPreference, p.preferredChannel === null)}${preferredChannels.map((ch) => radio('channel', ch, t.channels[ch], p.preferredChannel === ch)).join('')}</fieldset>`;
  const language = `<fieldset><legend>${t.language}</legend>${(['en', 'es'] as const).map((l) => radio('language', l, t.languages[l], p.language === l)).join('')}</fieldset>`;
  const best = `<fieldset><legend>${t.bestTime}</legend>${radio('bestTime', '', t.noPreference, p.bestTime === null)}${(['morning', 'afternoon', 'evening'] as const).map((b) => radio('bestTime', b, t.bestTimes[b], p.bestTime === b)).join('')}</fieldset>`;
  const stops = `<fieldset><legend>${escapeHtml(`${t.stopTexts} / ${t.stopEmails}`)}</legend>${p.hasMobile ? `<label class="opt"><input type="checkbox" name="stopTexts" value="yes">${t.stopTexts}</label>` : ''}${p.hasEmail ? `<label class="opt"><input type="checkbox" name="stopEmails" value="yes">${t.stopEmails}</label>` : ''}</fieldset>`;
  return `<section aria-labelledby="h-prefs"><h2 id="h-prefs">${t.prefsHeading}</h2>${form(c, 'preferences', `${channel}${language}${best}${p.hasMobile || p.hasEmail ? stops : ''}<button type="submit">${t.savePrefs}</button>`)}</section>`;
}
