/* «Копіювати» beside a share link: puts the link on the clipboard and says so. */
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  navigator.clipboard.writeText(field.value).then(
    () => { button.textContent = button.dataset.copied; },
    () => { field.select(); }  // no clipboard access: the link is selected for Ctrl+C
  );
});
