// Small enhancements for the server-rendered pages; every page works without them.
"use strict";

// '04:05', '1:04:05' or '3 d 01:04:05', as the server writes it (web.py clock).
function clock(seconds) {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  const two = (n) => String(n).padStart(2, "0");
  if (days) return `${days} d ${two(hours)}:${two(minutes)}:${two(secs)}`;
  return hours ? `${hours}:${two(minutes)}:${two(secs)}` : `${two(minutes)}:${two(secs)}`;
}

// A timer counts down from data-seconds, or up from zero when it has none.
function startTimer(section) {
  const start = Number(section.dataset.seconds || 0);
  const display = section.querySelector(".timer-display");
  let left = start;
  let ticking = null;
  const show = () => {
    display.textContent = clock(left);
    section.classList.toggle("timer-done", start > 0 && left === 0);
  };
  const stop = () => {
    clearInterval(ticking);
    ticking = null;
  };
  section.querySelector("[data-timer-start]").addEventListener("click", () => {
    if (ticking) return;
    ticking = setInterval(() => {
      left = start > 0 ? Math.max(left - 1, 0) : left + 1;
      if (start > 0 && left === 0) stop();
      show();
    }, 1000);
  });
  section.querySelector("[data-timer-pause]").addEventListener("click", stop);
  section.querySelector("[data-timer-reset]").addEventListener("click", () => {
    stop();
    left = start;
    show();
  });
}

// A countdown to a date: ticks down from the seconds the server counted (0 once the date has passed).
function tickCountdown(element) {
  let left = Math.max(Number(element.dataset.countdown || 0), 0);
  const tick = setInterval(() => {
    left = Math.max(left - 1, 0);
    element.textContent = clock(left);
    if (left === 0) clearInterval(tick);
  }, 1000);
}

// Live pages: reload when the API reports a change (realtime apps only), unless the visitor is typing.
function followUpdates(path) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}${path}`);
  socket.addEventListener("message", () => {
    const typing = document.activeElement && document.activeElement.closest("form");
    if (!typing) location.reload();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-timer]").forEach(startTimer);
  document.querySelectorAll("[data-countdown]").forEach(tickCountdown);
  const live = document.body.dataset.live;
  if (live && document.querySelector(".rows, .table, .board, .calendar")) followUpdates(live);
});
