import * as RSwitch from '@radix-ui/react-switch';

export function Switch(props: {
  checked: boolean;
  onChange: (on: boolean) => void;
  label: string;
  disabled?: boolean;
  id?: string;
}) {
  return (
    <RSwitch.Root
      className="switch"
      checked={props.checked}
      onCheckedChange={props.onChange}
      aria-label={props.label}
      disabled={props.disabled}
      id={props.id}
    >
      <RSwitch.Thumb className="switch-thumb" />
    </RSwitch.Root>
  );
}
