//! An inline error message, announced to assistive technology when it appears.
import type { ReactNode } from 'react';
import './ui.css';

type AlertProps = {
  children: ReactNode;
  action?: ReactNode;
};

export function Alert({ children, action }: AlertProps) {
  return (
    <div className="alert" role="alert">
      <span className="alert__text">{children}</span>
      {action}
    </div>
  );
}
