import { nextTick } from 'vue';

/**
 * Element Plus draws an open select's list in an element with role="tooltip", and a date picker's panel in one
 * with role="dialog", both without a name, which screen readers announce as an unnamed tooltip or dialog (axe:
 * aria-tooltip-name, aria-dialog-name). The name stays on the closed popup, so it must not be the field's label
 * word for word (the label would then name two elements). Give the field's
 * component `popper-class` and, on @visible-change, this handler: once the list is open it is named after its
 * field.
 *
 *   const nameList = namePopper('tenderer-popper', '招标人单位列表');
 *   <ElSelect popper-class="tenderer-popper" @visible-change="nameList">
 */
export function namePopper(popperClass: string, label: string): (visible: boolean) => void {
  return (visible) => {
    if (!visible) return;
    void nextTick(() => {
      for (const el of document.querySelectorAll(`.${popperClass}[role]`)) el.setAttribute('aria-label', label);
    });
  };
}
