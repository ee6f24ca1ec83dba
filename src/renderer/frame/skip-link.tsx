/** "Skip to actions": the first stop in tab order where a screen has a primary action (#primary-action). */
export function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#primary-action"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById('primary-action')?.focus();
      }}
    >
      Skip to actions
    </a>
  );
}
