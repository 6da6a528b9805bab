/** Exit codes shared by every command: 0 ok, 1 error, 2 gateway unreachable. */
export const EXIT_ERROR = 1;
export const EXIT_UNREACHABLE = 2;
